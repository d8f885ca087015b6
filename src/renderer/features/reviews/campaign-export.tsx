import { useState } from 'react';
import type { ReviewExportFormat } from '../../../shared/domain/review';
import { toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { saveTextFile } from '../../ui/save-file';
import { useToast } from '../../ui/toast';

const formats: { format: ReviewExportFormat; label: string; type: string; title: string }[] = [
  {
    format: 'csv',
    label: 'Export CSV',
    type: 'text/csv;charset=utf-8',
    title: 'One row per item, for spreadsheets',
  },
  {
    format: 'json',
    label: 'Export signed JSON',
    type: 'application/json',
    title: "The campaign and its decisions, signed with this node's key (DSSE)",
  },
];

/** The campaign's evidence as a file: CSV, or a JSON document signed by this node. */
export function CampaignExport({ campaignId }: { campaignId: string }) {
  const client = useClient();
  const toast = useToast();
  const [busy, setBusy] = useState<ReviewExportFormat | null>(null);

  function exportAs(format: ReviewExportFormat, type: string): void {
    setBusy(format);
    client.call('reviews.export', { id: campaignId, format }).then(
      (result) => {
        setBusy(null);
        saveTextFile(result.fileName, result.content, type);
        toast(`Evidence saved as ${result.fileName}.`);
      },
      (failure: unknown) => {
        setBusy(null);
        const { message, code } = toRpcError(failure);
        toast(`${message} (${code})`, 'info');
      },
    );
  }

  return formats.map(({ format, label, type, title }) => (
    <button
      key={format}
      type="button"
      className="button"
      data-testid={`review-export-${format}`}
      title={title}
      disabled={busy !== null}
      onClick={() => {
        exportAs(format, type);
      }}
    >
      {busy === format ? 'Exporting…' : label}
    </button>
  ));
}
