import { useCallback } from 'react';
import { useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { copyText, saveTextFile } from '../../ui/save-file';
import { Spinner } from '../../ui/spinner';
import { useLoader } from '../../ui/use-loader';
import { useToast } from '../../ui/toast';

interface EntryPanelProps {
  seq: number;
  /** Bumped when the ledger changes, so a new checkpoint's proof replaces the old one. */
  revision: number;
  canSign: boolean;
  onSign: () => void;
  onClose: () => void;
}

/**
 * One entry as an auditor inspects it: the canonical bytes as hashed, the leaf hash and the
 * hash it chains to, and an inclusion proof bound to the latest signed checkpoint.
 */
export function EntryPanel({ seq, revision, canSign, onSign, onClose }: EntryPanelProps) {
  const client = useClient();
  const toast = useToast();
  const load = useCallback(
    () => client.call('ledger.entry', { seq }),
    // `revision` is a dependency on purpose: a change reloads the same entry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, seq, revision],
  );
  const [state, reload] = useLoader(load);

  async function copy(text: string, what: string): Promise<void> {
    const copied = await copyText(text);
    toast(
      copied ? `${what} copied.` : `Could not copy; select the text and press Ctrl+C.`,
      copied ? 'success' : 'info',
    );
  }

  return (
    <aside
      className="entry-panel"
      aria-label={`Entry ${String(seq)}`}
      data-testid="entry-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="entry-panel-header">
        <h2 className="section-title">Entry {seq}</h2>
        <button type="button" className="icon-button" aria-label="Close entry" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {state.status === 'loading' ? <Spinner label="Loading entry…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="The entry could not be loaded"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {state.status === 'ready' ? (
        <div className="entry-panel-body">
          {state.value.problem ? (
            <p className="entry-problem" role="alert" data-testid="entry-problem">
              {state.value.problem}
            </p>
          ) : null}
          <dl className="entry-facts">
            <dt>Type</dt>
            <dd className="cell-mono">{state.value.row.type}</dd>
            <dt>Time</dt>
            <dd>
              <time dateTime={state.value.row.time}>{formatDateTime(state.value.row.time)}</time>
            </dd>
            <dt>Actor</dt>
            <dd>{state.value.row.actor}</dd>
            <dt>Entity</dt>
            <dd className="cell-mono">{state.value.row.entity ?? '—'}</dd>
            <dt>Leaf hash</dt>
            <dd className="cell-mono hash" data-testid="entry-leaf-hash">
              {state.value.leafHash}
            </dd>
            <dt>Previous</dt>
            <dd className="cell-mono hash">{state.value.prev ?? '—'}</dd>
          </dl>
          <h3 className="entry-subtitle">Canonical JSON (RFC 8785, exactly as hashed)</h3>
          <pre className="code-block" data-testid="entry-json" tabIndex={0}>
            {state.value.canonicalJson}
          </pre>
          <h3 className="entry-subtitle">Inclusion proof</h3>
          {state.value.proof ? (
            <>
              <p className="entry-note">
                Proves entry {seq} is in the tree of {state.value.proof.checkpoint.size} entries
                that checkpoint #{state.value.proof.checkpoint.id} signs, with{' '}
                {state.value.proof.hashes.length} sibling hashes. It verifies with the node’s key.
              </p>
              <pre className="code-block" data-testid="entry-proof" tabIndex={0}>
                {state.value.proof.tlogProof}
              </pre>
              <div className="entry-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    void copy(state.value.proof?.tlogProof ?? '', 'Proof');
                  }}
                >
                  Copy proof
                </button>
                <button
                  type="button"
                  className="button"
                  data-testid="download-proof"
                  onClick={() => {
                    saveTextFile(
                      `entry-${String(seq)}.tlog-proof`,
                      state.value.proof?.tlogProof ?? '',
                      'text/plain',
                    );
                  }}
                >
                  Download .tlog-proof
                </button>
              </div>
            </>
          ) : (
            <div className="entry-note">
              <p>No signed checkpoint covers this entry yet.</p>
              {canSign ? (
                <button type="button" className="button" onClick={onSign}>
                  Sign a checkpoint now
                </button>
              ) : (
                <p>Unlock the node’s key to sign one.</p>
              )}
            </div>
          )}
        </div>
      ) : null}
    </aside>
  );
}
