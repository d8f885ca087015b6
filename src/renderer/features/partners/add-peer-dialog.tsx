import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { CardPreview } from '../../../shared/contract/sync-channels';
import { roleLabels } from '../../../shared/domain/roles';
import type { PeerSummary } from '../../../shared/domain/sync';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { Banner, RefusalBanner } from '../../ui/banner';
import { FormDialogActions, Modal } from '../../ui/modal';
import { ChosenFileError, readCardFile } from './bundle-file';
import { checkFingerprint, groupFingerprint, normaliseFingerprint } from './fingerprint';
import { type TermsDraft, TermsFields, termsOf, type TierOption } from './peer-terms';

interface AddPeerDialogProps {
  /** This node's organisation: a card from the same one is probably a colleague's node. */
  organisation: string;
  /** The organisation of the colleague that governs this node, if one does. */
  governedBy: string | null;
  tiers: readonly TierOption[];
  onAdded: (peer: PeerSummary) => void;
  onClose: () => void;
}

type Failure = { error: RpcError } | { message: string };

function defaultTerms(preview: CardPreview, organisation: string): TermsDraft {
  const sameOrganisation =
    preview.organisation.trim().toLowerCase() === organisation.trim().toLowerCase();
  return {
    relationship: sameOrganisation ? 'colleague' : 'partner',
    tier: '',
    roles: sameOrganisation ? preview.roles : [],
    governs: false,
  };
}

const fingerprintHints = {
  empty: 'Type the fingerprint the peer read out to you (or its first characters, at least 8).',
  short: 'Keep typing: at least 8 characters after SHA256:.',
  mismatch:
    'This does not match the card’s key. Do not add the peer: the card may not be theirs. Check with them again.',
  match: 'Matches the card’s key.',
} as const;

/**
 * Pins a peer from its identity card: paste the card or pick its file, see who it names and
 * its key's fingerprint, then type the fingerprint the peer read out over a channel you both
 * trust. Adding stays disabled until the two match (main checks the same again).
 */
export function AddPeerDialog({
  organisation,
  governedBy,
  tiers,
  onAdded,
  onClose,
}: AddPeerDialogProps) {
  const client = useClient();
  const titleId = useId();
  const cardId = useId();
  const fileId = useId();
  const fingerprintId = useId();
  const hintId = useId();
  const [cardText, setCardText] = useState('');
  const [preview, setPreview] = useState<CardPreview | null>(null);
  const [typed, setTyped] = useState('');
  const [terms, setTerms] = useState<TermsDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const fingerprintRef = useRef<HTMLInputElement>(null);
  // Once the card is read, the next thing to do is type what the peer read out.
  useEffect(() => {
    if (preview !== null) fingerprintRef.current?.focus();
  }, [preview]);

  async function readCard(text: string): Promise<void> {
    setFailure(null);
    setBusy(true);
    try {
      const read = await client.call('sync.readCard', { card: text });
      setPreview(read);
      setTerms(defaultTerms(read, organisation));
      setTyped('');
    } catch (caught) {
      setFailure({ error: toRpcError(caught) });
    } finally {
      setBusy(false);
    }
  }

  async function chooseFile(file: File | undefined): Promise<void> {
    if (!file) return;
    try {
      const text = await readCardFile(file);
      setCardText(text);
      await readCard(text);
    } catch (caught) {
      if (caught instanceof ChosenFileError) setFailure({ message: caught.message });
      else setFailure({ error: toRpcError(caught) });
    }
  }

  const check = preview ? checkFingerprint(preview.fingerprint, typed) : 'empty';
  const blockedBy = !preview
    ? null
    : preview.isSelf
      ? 'This is your own node’s card; a node is not its own peer.'
      : preview.existing === 'trusted'
        ? `${preview.organisation} is already a peer.`
        : preview.existing === 'revoked'
          ? `${preview.organisation} was revoked as a peer; a revoked node is not trusted again.`
          : null;

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    if (!preview) {
      if (cardText.trim() !== '') await readCard(cardText);
      return;
    }
    if (check !== 'match' || blockedBy !== null || !terms) return;
    setFailure(null);
    setBusy(true);
    try {
      const added = await client.call('sync.addPeer', {
        card: cardText,
        fingerprint: normaliseFingerprint(typed),
        terms: termsOf(terms),
      });
      onAdded(added);
      onClose();
    } catch (caught) {
      setFailure({ error: toRpcError(caught) });
      setBusy(false);
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="peer-dialog">
      <form noValidate data-testid="add-peer-form" onSubmit={(event) => void submit(event)}>
        <h2 id={titleId} className="dialog-title">
          Add a peer
        </h2>
        {preview === null ? (
          <>
            <p className="dialog-message">
              Paste the identity card the peer sent you, or choose its file. Nothing is trusted
              until you have compared its fingerprint with them.
            </p>
            <div className="field">
              <label className="field-label" htmlFor={cardId}>
                Identity card
              </label>
              <textarea
                id={cardId}
                className="input input-mono peer-card-text"
                rows={6}
                value={cardText}
                spellCheck={false}
                data-testid="peer-card-text"
                data-autofocus
                onChange={(event) => {
                  setCardText(event.target.value);
                }}
              />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={fileId}>
                Or choose the card file
              </label>
              <input
                id={fileId}
                type="file"
                className="file-input"
                accept=".json,application/json,text/plain"
                data-testid="peer-card-file"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  // Cleared so that choosing the same file again still fires a change.
                  event.target.value = '';
                  void chooseFile(file);
                }}
              />
            </div>
          </>
        ) : (
          <>
            <dl className="peer-card-facts" data-testid="peer-card-preview">
              <div>
                <dt>Organisation</dt>
                <dd>{preview.organisation}</dd>
              </div>
              <div>
                <dt>Operator</dt>
                <dd>
                  {preview.operator}
                  {preview.roles.length > 0 ? (
                    <span className="cell-muted">
                      {' '}
                      ({preview.roles.map((role) => roleLabels[role]).join(', ')})
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>Node ID</dt>
                <dd className="mono">{preview.nodeId}</dd>
              </div>
              <div>
                <dt>Card’s fingerprint</dt>
                <dd className="mono fingerprint" data-testid="peer-card-fingerprint">
                  {groupFingerprint(preview.fingerprint)}
                </dd>
              </div>
            </dl>
            {blockedBy !== null ? (
              <Banner title="This card cannot be added" tone="warning">
                {blockedBy}
              </Banner>
            ) : (
              <>
                <div className={`field ${check === 'mismatch' ? 'field-invalid' : ''}`}>
                  <label className="field-label" htmlFor={fingerprintId}>
                    Fingerprint {preview.operator} read to you
                  </label>
                  <input
                    ref={fingerprintRef}
                    id={fingerprintId}
                    className="input input-mono"
                    value={typed}
                    autoComplete="off"
                    spellCheck={false}
                    aria-describedby={hintId}
                    aria-invalid={check === 'mismatch'}
                    data-testid="peer-fingerprint"
                    onChange={(event) => {
                      setTyped(event.target.value);
                    }}
                  />
                  <p
                    id={hintId}
                    className={check === 'mismatch' ? 'field-error' : 'field-hint'}
                    data-testid="peer-fingerprint-check"
                    data-check={check}
                  >
                    {fingerprintHints[check]}
                  </p>
                </div>
                {terms ? (
                  <TermsFields
                    draft={terms}
                    onChange={setTerms}
                    tiers={tiers}
                    governedBy={governedBy}
                  />
                ) : null}
              </>
            )}
          </>
        )}
        {failure ? (
          'error' in failure ? (
            <RefusalBanner
              title={preview ? 'The peer was not added' : 'The card could not be read'}
              error={failure.error}
            />
          ) : (
            <Banner title="The card could not be read">
              <p>{failure.message}</p>
            </Banner>
          )
        ) : null}
        {preview === null ? (
          <FormDialogActions
            submitLabel="Read card"
            busyLabel="Reading…"
            busy={busy}
            disabled={cardText.trim() === ''}
            submitTestId="peer-card-read"
            onCancel={onClose}
          />
        ) : (
          <div className="dialog-actions">
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                setPreview(null);
                setFailure(null);
              }}
            >
              Use another card
            </button>
            <span className="toolbar-spacer" />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="submit"
              className="button button-primary"
              data-testid="peer-add-submit"
              disabled={busy || check !== 'match' || blockedBy !== null}
              title={
                check === 'match'
                  ? undefined
                  : 'Type the fingerprint you compared with the peer first'
              }
            >
              {busy ? 'Adding…' : `Add ${preview.organisation}`}
            </button>
          </div>
        )}
      </form>
    </Modal>
  );
}
