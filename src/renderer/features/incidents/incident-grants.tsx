import { useState } from 'react';
import type { GrantListing } from '../../../shared/domain/access';
import type { IncidentDetail, IncidentGrantAction } from '../../../shared/domain/incident';
import type { RpcError } from '../../api/client';
import { formatCount, pluralise } from '../../ui/format';
import { GrantStatusBadge } from '../access/grant-badges';
import { NoteDialog } from '../charter/note-dialog';

/** Which grants can take each step (as main's grant steps decide; main checks again). */
const canTake: Record<IncidentGrantAction, (grant: GrantListing) => boolean> = {
  suspend: (grant) => grant.status === 'active' || grant.status === 'approved',
  revoke: (grant) => grant.status !== 'revoked' && grant.status !== 'expired',
};

const copy = {
  suspend: {
    button: 'Suspend',
    effect:
      'The principals lose access until a steward reinstates the grants. Each grant’s history names this incident.',
  },
  revoke: {
    button: 'Revoke',
    effect:
      'Revoking ends the grants for good; they cannot be reinstated. Each grant’s history names this incident.',
  },
} as const;

interface IncidentGrantsProps {
  detail: IncidentDetail;
  /** Why the member at the keyboard may not change grants; null when they may. */
  blocker: string | null;
  onAct: (
    action: IncidentGrantAction,
    grantIds: string[],
    reason: string,
  ) => Promise<RpcError | null>;
}

/**
 * The grants the incident's subject covers, with their status, and the steward's way to
 * suspend or revoke the chosen ones at once: all of them change or none does.
 */
export function IncidentGrants({ detail, blocker, onAct }: IncidentGrantsProps) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<IncidentGrantAction | null>(null);
  const resolved = detail.incident.status === 'resolved';
  const selectable = resolved ? [] : detail.grantsInScope.filter(canTake.revoke);
  // Grants that changed status since they were chosen drop out of the choice.
  const picked = detail.grantsInScope.filter(
    (grant) => chosen.has(grant.id) && selectable.includes(grant),
  );
  const allChosen = selectable.length > 0 && picked.length === selectable.length;

  function toggle(id: string, on: boolean): void {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function actionBlocker(action: IncidentGrantAction): string | null {
    if (blocker !== null) return blocker;
    if (picked.length === 0) return 'Choose the grants first.';
    const unable = picked.filter((grant) => !canTake[action](grant));
    if (unable.length > 0) {
      return action === 'suspend'
        ? `Only active or approved grants can be suspended; ${pluralise(unable.length, 'chosen grant')} cannot.`
        : `Revoked or expired grants cannot be revoked; ${pluralise(unable.length, 'chosen grant')} cannot.`;
    }
    return null;
  }

  const listed = detail.grantsInScope.length;
  return (
    <section className="incident-section" aria-labelledby="incident-grants-title">
      <h3 id="incident-grants-title" className="incident-subtitle">
        Grants in scope ({formatCount(detail.grantsInScopeTotal)})
      </h3>
      {listed === 0 ? (
        <p className="cell-muted">No grant of this node is covered by the incident’s subject.</p>
      ) : (
        <>
          {listed < detail.grantsInScopeTotal ? (
            <p className="cell-muted">
              The first {formatCount(listed)} are listed, live ones first; the Access screen lists
              them all.
            </p>
          ) : null}
          {resolved ? (
            <p className="cell-muted">
              The incident is resolved; its grants are shown as they are.
            </p>
          ) : null}
          <table className="incident-grants" data-testid="incident-grants">
            <thead>
              <tr>
                <th scope="col" className="incident-check">
                  {resolved ? null : (
                    <input
                      type="checkbox"
                      aria-label="Choose every grant that can change"
                      checked={allChosen}
                      disabled={selectable.length === 0 || blocker !== null}
                      onChange={(event) => {
                        setChosen(
                          new Set(event.target.checked ? selectable.map((grant) => grant.id) : []),
                        );
                      }}
                    />
                  )}
                </th>
                <th scope="col">Principal → dataset</th>
                <th scope="col">Level</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {detail.grantsInScope.map((grant) => (
                <tr key={grant.id} data-grant={grant.id}>
                  <td className="incident-check">
                    {resolved ? null : (
                      <input
                        type="checkbox"
                        aria-label={`Choose ${grant.principalName} → ${grant.datasetIdentifier}`}
                        checked={chosen.has(grant.id) && selectable.includes(grant)}
                        disabled={!selectable.includes(grant) || blocker !== null}
                        onChange={(event) => {
                          toggle(grant.id, event.target.checked);
                        }}
                      />
                    )}
                  </td>
                  <td>
                    {grant.principalName} →{' '}
                    <span className="cell-mono">{grant.datasetIdentifier}</span>
                  </td>
                  <td>{grant.level}</td>
                  <td>
                    <GrantStatusBadge value={grant.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {resolved ? null : (
            <div className="incident-actions">
              {(['suspend', 'revoke'] as const).map((action) => {
                const why = actionBlocker(action);
                return (
                  <button
                    key={action}
                    type="button"
                    className={action === 'revoke' ? 'button button-danger' : 'button'}
                    data-testid={`incident-${action}-grants`}
                    disabled={why !== null}
                    title={why ?? undefined}
                    onClick={() => {
                      setConfirming(action);
                    }}
                  >
                    {copy[action].button}{' '}
                    {picked.length > 0 ? pluralise(picked.length, 'grant') : 'grants'}…
                  </button>
                );
              })}
            </div>
          )}
        </>
      )}
      {confirming !== null ? (
        <NoteDialog
          title={`${copy[confirming].button} ${pluralise(picked.length, 'grant')}?`}
          description={`${picked
            .map((grant) => `${grant.principalName} → ${grant.datasetIdentifier}`)
            .join('; ')}. ${copy[confirming].effect}`}
          label="Reason"
          requiredMessage="Say why"
          confirmLabel={`${copy[confirming].button} ${pluralise(picked.length, 'grant')}`}
          onSubmit={async (reason) => {
            const error = await onAct(
              confirming,
              picked.map((grant) => grant.id),
              reason,
            );
            if (error === null) setChosen(new Set());
            return error;
          }}
          onClose={() => {
            setConfirming(null);
          }}
        />
      ) : null}
    </section>
  );
}
