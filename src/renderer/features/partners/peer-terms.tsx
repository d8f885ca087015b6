import { useId } from 'react';
import { roleLabels, roleSchema, type Role } from '../../../shared/domain/roles';
import type { PeerSummary, PeerTerms } from '../../../shared/domain/sync';
import { Badge } from '../../ui/badge';

/** The relationship as a form edits it: both halves kept, so switching back loses nothing. */
export interface TermsDraft {
  relationship: 'partner' | 'colleague';
  /** '' for no tier. */
  tier: string;
  roles: Role[];
  governs: boolean;
}

export function termsOf(draft: TermsDraft): PeerTerms {
  return draft.relationship === 'partner'
    ? { relationship: 'partner', tier: draft.tier === '' ? null : draft.tier }
    : { relationship: 'colleague', roles: draft.roles, governs: draft.governs };
}

export function draftOfPeer(peer: PeerSummary): TermsDraft {
  return {
    relationship: peer.relationship,
    tier: peer.tier ?? '',
    roles: peer.roles,
    governs: peer.governs,
  };
}

export interface TierOption {
  id: string;
  name: string;
}

/** "Partner · Standard", "Colleague · Governance lead", and whether it governs this node. */
export function RelationshipText({
  peer,
  tierNames,
}: {
  peer: Pick<PeerSummary, 'relationship' | 'tier' | 'roles' | 'governs'>;
  tierNames?: ReadonlyMap<string, string>;
}) {
  if (peer.relationship === 'partner') {
    const tier = peer.tier === null ? 'no tier' : (tierNames?.get(peer.tier) ?? peer.tier);
    return <span>Partner · {tier}</span>;
  }
  const roles = peer.roles.map((role) => roleLabels[role]).join(', ') || 'no roles';
  return (
    <span className="peer-relationship">
      <span>Colleague · {roles}</span>
      {peer.governs ? <Badge tone="violet">Governs this node</Badge> : null}
    </span>
  );
}

interface TermsFieldsProps {
  draft: TermsDraft;
  onChange: (draft: TermsDraft) => void;
  tiers: readonly TierOption[];
  /** Another trusted colleague already governs this node (main refuses a second). */
  governedBy: string | null;
}

/**
 * A partner organisation at one of the charter's tiers (what it may see follows from it), or a
 * colleague node of this organisation with the roles its operator holds; one colleague's
 * published charter may govern this node.
 */
export function TermsFields({ draft, onChange, tiers, governedBy }: TermsFieldsProps) {
  const id = useId();
  const set = (patch: Partial<TermsDraft>) => {
    onChange({ ...draft, ...patch });
  };
  return (
    <fieldset className="peer-terms">
      <legend className="field-label">Relationship</legend>
      <div className="peer-terms-choice" role="radiogroup" aria-label="Relationship">
        <label className="peer-terms-option">
          <input
            type="radio"
            name={`${id}-relationship`}
            checked={draft.relationship === 'partner'}
            onChange={() => {
              set({ relationship: 'partner' });
            }}
          />
          <span>
            <strong>Partner organisation</strong>
            <span className="field-hint">
              Sees the published charter and its own principals, grants and their datasets.
            </span>
          </span>
        </label>
        <label className="peer-terms-option">
          <input
            type="radio"
            name={`${id}-relationship`}
            checked={draft.relationship === 'colleague'}
            onChange={() => {
              set({ relationship: 'colleague' });
            }}
          />
          <span>
            <strong>Colleague node</strong>
            <span className="field-hint">
              Another node of this organisation; sees everything this node owns.
            </span>
          </span>
        </label>
      </div>
      {draft.relationship === 'partner' ? (
        <div className="field">
          <label className="field-label" htmlFor={`${id}-tier`}>
            Tier
          </label>
          <select
            id={`${id}-tier`}
            className="input"
            value={draft.tier}
            data-testid="peer-tier"
            onChange={(event) => {
              set({ tier: event.target.value });
            }}
          >
            <option value="">No tier yet</option>
            {tiers.map((tier) => (
              <option key={tier.id} value={tier.id}>
                {tier.name}
              </option>
            ))}
            {draft.tier !== '' && !tiers.some((tier) => tier.id === draft.tier) ? (
              <option value={draft.tier}>{draft.tier} (not in the charter)</option>
            ) : null}
          </select>
          <p className="field-hint">A tier of the governing charter.</p>
        </div>
      ) : (
        <>
          <fieldset className="field">
            <legend className="field-label">Roles its operator holds</legend>
            <div className="peer-terms-roles">
              {roleSchema.options.map((role) => (
                <label key={role} className="peer-terms-check">
                  <input
                    type="checkbox"
                    checked={draft.roles.includes(role)}
                    onChange={() => {
                      set({
                        roles: draft.roles.includes(role)
                          ? draft.roles.filter((held) => held !== role)
                          : roleSchema.options.filter(
                              (option) => option === role || draft.roles.includes(option),
                            ),
                      });
                    }}
                  />
                  <span>{roleLabels[role]}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="peer-terms-check">
            <input
              type="checkbox"
              checked={draft.governs}
              disabled={governedBy !== null && !draft.governs}
              onChange={(event) => {
                set({ governs: event.target.checked });
              }}
            />
            <span>
              Its published charter governs this node
              <span className="field-hint">
                {governedBy !== null && !draft.governs
                  ? `${governedBy} governs this node already; change that peer first.`
                  : 'For a steward’s or auditor’s laptop under its governance lead’s node.'}
              </span>
            </span>
          </label>
        </>
      )}
    </fieldset>
  );
}
