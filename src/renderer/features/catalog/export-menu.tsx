import { useState } from 'react';
import type { ExportFormat } from '../../../shared/domain/catalog-transfer';
import { toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { pluralise } from '../../ui/format';
import { MenuButton } from '../../ui/menu-button';
import { saveTextFile } from '../../ui/save-file';
import { useToast } from '../../ui/toast';

const formats: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'dcat', label: 'Export DCAT (JSON-LD)' },
];

/** The whole catalog as a file: CSV for spreadsheets, DCAT for partners' catalogs. */
export function ExportMenu() {
  const client = useClient();
  const showToast = useToast();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  function exportAs(format: ExportFormat, close: () => void): void {
    setBusy(format);
    setError(null);
    client.call('catalog.export', { format }).then(
      (result) => {
        setBusy(null);
        saveTextFile(result.fileName, result.content, result.mediaType);
        close();
        showToast(`Exported ${pluralise(result.datasets, 'dataset')} to ${result.fileName}`);
      },
      (failure: unknown) => {
        setBusy(null);
        const { message, code } = toRpcError(failure);
        setError(`${message} (${code})`);
      },
    );
  }

  return (
    <MenuButton label="Export" panelLabel="Export the catalog" align="end" testId="catalog-export">
      {(close) => (
        <>
          {formats.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              className="menu-item"
              disabled={busy !== null}
              onClick={() => {
                exportAs(format, close);
              }}
            >
              {busy === format ? 'Exporting…' : label}
            </button>
          ))}
          {error === null ? null : (
            <p className="menu-note field-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </MenuButton>
  );
}
