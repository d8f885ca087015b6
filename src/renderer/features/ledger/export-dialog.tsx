import { useCallback, useId, useState } from 'react';
import type { LedgerExportResult } from '../../../shared/domain/ledger';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { ErrorText } from '../../ui/banner';
import { formatCount } from '../../ui/format';
import { FormDialogActions, Modal } from '../../ui/modal';
import { useLoader } from '../../ui/use-loader';

interface ExportDialogProps {
  suggestedDir: string;
  onClose: () => void;
  /** After a successful export (it may have signed a checkpoint). */
  onExported: () => void;
}

/**
 * Writes the auditor's bundle (entries.jsonl, checkpoint, vkey) into a new or empty folder on
 * this machine, then says how to verify it without Concordat's UI.
 */
export function ExportDialog({ suggestedDir, onClose, onExported }: ExportDialogProps) {
  const client = useClient();
  const titleId = useId();
  const fieldId = useId();
  const errorId = useId();
  const [dir, setDir] = useState(suggestedDir);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const [result, setResult] = useState<LedgerExportResult | null>(null);
  const [appInfo] = useLoader(useCallback(() => client.call('app.info', {}), [client]));
  // Only the desktop app has a system folder picker; in browser mode the path is typed.
  const canPick = appInfo.status === 'ready' && appInfo.value.mode === 'desktop';

  function pick(): void {
    client.call('system.chooseFolder', { title: 'Export the ledger to', defaultPath: dir }).then(
      ({ path }) => {
        if (path !== null) setDir(path);
      },
      (failure: unknown) => {
        setError(toRpcError(failure));
      },
    );
  }

  function submit(): void {
    if (busy) return;
    setBusy(true);
    setError(null);
    client.call('ledger.export', { dir: dir.trim() }).then(
      (exported) => {
        setBusy(false);
        setResult(exported);
        onExported();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(toRpcError(failure));
      },
    );
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="dialog-wide">
      <h2 id={titleId} className="dialog-title">
        Export the ledger for auditors
      </h2>
      {result ? (
        <div className="dialog-message" data-testid="export-result">
          <p>
            Exported {formatCount(result.size)} entries with a signed checkpoint to{' '}
            <code>{result.dir}</code>: {result.files.join(', ')}.
          </p>
          <p>Anyone can check it with the command line, without this app’s data:</p>
          <pre className="code-block">concordat verify {result.dir}</pre>
          <div className="dialog-actions">
            <button
              type="button"
              className="button button-primary"
              onClick={onClose}
              data-autofocus
            >
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <p className="dialog-message">
            Writes <code>entries.jsonl</code> (one entry per line, exactly as hashed), the signed{' '}
            <code>checkpoint</code> and the node’s <code>vkey</code> into a new or empty folder.
          </p>
          <div className="field">
            <label className="field-label" htmlFor={fieldId}>
              Folder
            </label>
            <div className="field-row">
              <input
                id={fieldId}
                className="input input-mono"
                data-testid="export-dir"
                data-autofocus
                value={dir}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                onChange={(event) => {
                  setDir(event.target.value);
                }}
              />
              {canPick ? (
                <button type="button" className="button" onClick={pick}>
                  Choose…
                </button>
              ) : null}
            </div>
            {error ? (
              <p id={errorId} className="field-error" role="alert">
                <ErrorText error={error} />
              </p>
            ) : null}
          </div>
          <FormDialogActions
            submitLabel="Export"
            busyLabel="Exporting…"
            busy={busy}
            disabled={dir.trim() === ''}
            submitTestId="export-submit"
            onCancel={onClose}
          />
        </form>
      )}
    </Modal>
  );
}
