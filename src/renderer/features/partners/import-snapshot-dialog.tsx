import { useId, useState } from 'react';
import { MAX_SNAPSHOT_BUNDLE_BYTES } from '../../../shared/contract/sync-channels';
import type { SnapshotImportResult } from '../../../shared/domain/sync';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { Banner, ErrorText } from '../../ui/banner';
import { formatCount } from '../../ui/format';
import { Modal } from '../../ui/modal';
import { Spinner } from '../../ui/spinner';
import { ChosenFileError, readBundleFile } from './bundle-file';
import { DiffView } from './diff-view';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; fileName: string }
  | { kind: 'done'; fileName: string; result: SnapshotImportResult }
  | { kind: 'refused'; fileName: string; error: RpcError | { code: null; message: string } };

/**
 * Imports a snapshot bundle a peer sent as a file. Main runs every check in order (size,
 * signature with the pinned key, audience, sequence, expiry, the peer's ledger history) and
 * applies it whole or not at all; the dialog shows what it changed, or why it was refused.
 */
export function ImportSnapshotDialog({
  onImported,
  onClose,
}: {
  onImported?: (result: SnapshotImportResult) => void;
  onClose: () => void;
}) {
  const client = useClient();
  const titleId = useId();
  const inputId = useId();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  async function importFile(file: File): Promise<void> {
    setOutcome({ kind: 'busy', fileName: file.name });
    try {
      const bundleBase64 = await readBundleFile(file);
      const result = await client.call('sync.importBundle', { bundleBase64 });
      setOutcome({ kind: 'done', fileName: file.name, result });
      onImported?.(result);
    } catch (caught) {
      setOutcome({
        kind: 'refused',
        fileName: file.name,
        error:
          caught instanceof ChosenFileError
            ? { code: null, message: caught.message }
            : toRpcError(caught),
      });
    }
  }

  const busy = outcome.kind === 'busy';
  return (
    <Modal labelledBy={titleId} onClose={onClose} className="peer-dialog import-snapshot-dialog">
      <h2 id={titleId} className="dialog-title">
        Import a snapshot
      </h2>
      <p className="dialog-message">
        A signed snapshot file a peer sent you (up to{' '}
        {formatCount(MAX_SNAPSHOT_BUNDLE_BYTES / (1024 * 1024))} MB). It is verified before anything
        is stored; its records become read-only replicas.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          Snapshot file
        </label>
        <input
          id={inputId}
          type="file"
          className="file-input"
          accept=".snapshot,application/octet-stream"
          disabled={busy}
          data-testid="snapshot-file"
          data-autofocus
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <div aria-live="polite" className="import-snapshot-outcome" data-testid="snapshot-outcome">
        {outcome.kind === 'busy' ? (
          <Spinner label={`Verifying and importing ${outcome.fileName}…`} />
        ) : null}
        {outcome.kind === 'done' ? (
          outcome.result.status === 'already-imported' ? (
            <Banner title="Already imported" tone="info">
              Snapshot {outcome.result.version} from {outcome.result.organisation} was imported
              before; importing it again changes nothing.
            </Banner>
          ) : (
            <>
              <Banner
                title={`Imported snapshot ${String(outcome.result.version)} from ${outcome.result.organisation}`}
                tone="info"
              />
              {outcome.result.diff ? <DiffView diff={outcome.result.diff} /> : null}
            </>
          )
        ) : null}
        {outcome.kind === 'refused' ? (
          <Banner title={`${outcome.fileName} was refused; nothing was imported`}>
            <p data-testid="snapshot-refusal">
              {outcome.error.code === null ? (
                outcome.error.message
              ) : (
                <ErrorText error={{ code: outcome.error.code, message: outcome.error.message }} />
              )}
            </p>
          </Banner>
        ) : null}
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {outcome.kind === 'done' ? 'Done' : 'Close'}
        </button>
      </div>
    </Modal>
  );
}
