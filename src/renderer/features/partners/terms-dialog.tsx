import { useId, useState, type SyntheticEvent } from 'react';
import type { PeerSummary } from '../../../shared/domain/sync';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormDialogActions, Modal } from '../../ui/modal';
import { draftOfPeer, TermsFields, termsOf, type TierOption } from './peer-terms';

/** Changes how this node treats a trusted peer: its tier, or a colleague's roles and governance. */
export function TermsDialog({
  peer,
  tiers,
  governedBy,
  onClose,
}: {
  peer: PeerSummary;
  tiers: readonly TierOption[];
  /** Another peer that governs this node (not this one), if any. */
  governedBy: string | null;
  onClose: () => void;
}) {
  const client = useClient();
  const titleId = useId();
  const [draft, setDraft] = useState(() => draftOfPeer(peer));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.call('sync.updatePeer', { nodeId: peer.nodeId, terms: termsOf(draft) });
      onClose();
    } catch (caught) {
      setError(toRpcError(caught));
      setBusy(false);
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="peer-dialog">
      <form noValidate data-testid="terms-form" onSubmit={(event) => void submit(event)}>
        <h2 id={titleId} className="dialog-title">
          Relationship with {peer.organisation}
        </h2>
        <p className="dialog-message">
          What it may see follows from this in the next snapshot to it.
        </p>
        <TermsFields draft={draft} onChange={setDraft} tiers={tiers} governedBy={governedBy} />
        {error ? <RefusalBanner title="The relationship was not changed" error={error} /> : null}
        <FormDialogActions
          submitLabel="Save"
          busyLabel="Saving…"
          busy={busy}
          submitTestId="terms-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
