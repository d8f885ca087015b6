import { useId, useState } from 'react';
import {
  principalKindLabels,
  principalKindSchema,
  type PrincipalKind,
  type PrincipalRecord,
} from '../../../shared/domain/access';
import {
  legalBasisSchema,
  type CharterContent,
  type LegalBasis,
} from '../../../shared/domain/charter';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormDialogActions, Modal } from '../../ui/modal';
import { legalBasisOptionLabels } from '../charter/legal-basis';

interface PrincipalDialogProps {
  /** The principal to edit; null records a new one. */
  principal: PrincipalRecord | null;
  charter: CharterContent | null;
  onSaved: () => void;
  onClose: () => void;
}

/** Records a partner's role or an internal role, with its tier and legal bases on record. */
export function PrincipalDialog({ principal, charter, onSaved, onClose }: PrincipalDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [kind, setKind] = useState<PrincipalKind>(principal?.kind ?? 'partner-role');
  const [name, setName] = useState(principal?.name ?? '');
  const [organisation, setOrganisation] = useState(principal?.organisation ?? '');
  const [tier, setTier] = useState(principal?.tier ?? '');
  const [bases, setBases] = useState<LegalBasis[]>(principal?.legalBases ?? []);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<RpcError | null>(null);

  async function submit(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    const fields = { kind, name, organisation, tier: tier === '' ? null : tier, legalBases: bases };
    try {
      await (principal
        ? client.call('access.updatePrincipal', {
            ...fields,
            id: principal.id,
            expectedVersion: principal.version,
          })
        : client.call('access.addPrincipal', fields));
      onSaved();
      onClose();
    } catch (error) {
      setBusy(false);
      setRefusal(toRpcError(error));
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose}>
      <form
        noValidate
        data-testid="principal-form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {principal ? `Edit ${principal.name}` : 'Add a principal'}
        </h2>
        <div className="access-dialog-grid">
          <label className="field">
            <span className="field-label">Kind</span>
            <select
              className="input"
              value={kind}
              onChange={(event) => setKind(principalKindSchema.parse(event.target.value))}
            >
              {principalKindSchema.options.map((option) => (
                <option key={option} value={option}>
                  {principalKindLabels[option]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Tier</span>
            <select
              className="input"
              value={tier}
              onChange={(event) => setTier(event.target.value)}
            >
              <option value="">No tier (every grant is refused)</option>
              {(charter?.partnerTiers ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Role name</span>
            <input
              className="input"
              value={name}
              maxLength={120}
              placeholder="Acme analysts"
              data-autofocus
              data-testid="principal-name"
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">Organisation</span>
            <input
              className="input"
              value={organisation}
              maxLength={120}
              data-testid="principal-organisation"
              onChange={(event) => setOrganisation(event.target.value)}
            />
          </label>
        </div>
        <fieldset className="field">
          <legend className="field-label">Legal bases on record</legend>
          <div className="checkbox-grid">
            {legalBasisSchema.options.map((basis) => (
              <label key={basis} className="checkbox-label">
                <input
                  type="checkbox"
                  checked={bases.includes(basis)}
                  onChange={(event) =>
                    setBases((current) =>
                      event.target.checked
                        ? [...current, basis]
                        : current.filter((item) => item !== basis),
                    )
                  }
                />
                {legalBasisOptionLabels[basis]}
              </label>
            ))}
          </div>
        </fieldset>
        {refusal ? <RefusalBanner title="The principal was not saved" error={refusal} /> : null}
        <FormDialogActions
          busy={busy}
          submitLabel={principal ? 'Save principal' : 'Add principal'}
          busyLabel="Saving…"
          submitTestId="principal-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
