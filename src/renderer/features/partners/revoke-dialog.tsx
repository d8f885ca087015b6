import { useId, useState, type SyntheticEvent } from 'react';
import type { PeerSummary } from '../../../shared/domain/sync';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { Modal } from '../../ui/modal';

/**
 * Revoking a peer is final: its snapshots are refused from then on and it is never trusted
 * again (a new card from it is refused too). The reason goes on the record, so it is required.
 */
export function RevokeDialog({
  peer,
  onRevoked,
  onClose,
}: {
  peer: PeerSummary;
  onRevoked: (peer: PeerSummary) => void;
  onClose: () => void;
}) {
  const client = useClient();
  const titleId = useId();
  const messageId = useId();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const ready = reason.trim() !== '';

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      onRevoked(
        await client.call('sync.revokePeer', { nodeId: peer.nodeId, reason: reason.trim() }),
      );
      onClose();
    } catch (caught) {
      setError(toRpcError(caught));
      setBusy(false);
    }
  }

  return (
    <Modal labelledBy={titleId} describedBy={messageId} role="alertdialog" onClose={onClose}>
      <form noValidate data-testid="revoke-form" onSubmit={(event) => void submit(event)}>
        <h2 id={titleId} className="dialog-title">
          Revoke {peer.organisation}?
        </h2>
        <p id={messageId} className="dialog-message">
          Snapshots from {peer.organisation} ({peer.operator}) will be refused from now on, and this
          node will not trust it again. What it sent so far stays, marked as of its last snapshot.
          This cannot be undone.
        </p>
        <div className="field">
          <label className="field-label" htmlFor={reasonId}>
            Reason
          </label>
          <textarea
            id={reasonId}
            className="input"
            rows={3}
            maxLength={2000}
            value={reason}
            data-testid="revoke-reason"
            data-autofocus
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
          <p className="field-hint">Kept on the record with the revocation.</p>
        </div>
        {error ? <RefusalBanner title="The peer was not revoked" error={error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Keep trusting
          </button>
          <button
            type="submit"
            className="button button-danger"
            data-testid="revoke-submit"
            disabled={!ready || busy}
            title={ready ? undefined : 'Say why the peer is revoked first'}
          >
            {busy ? 'Revoking…' : `Revoke ${peer.organisation}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
