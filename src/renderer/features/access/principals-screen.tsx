import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { legalBasisLabels } from '../../../shared/domain/charter';
import { principalKindLabels, type PrincipalRecord } from '../../../shared/domain/access';
import { permissionBlocker } from '../../../shared/domain/permissions';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { pluralise } from '../../ui/format';
import { PlusIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { useShortcut } from '../../ui/use-shortcut';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';
import { PrincipalDialog } from './principal-dialog';
import { usePrincipals } from './use-principals';

/**
 * Who access can be granted to, by organisation. `?tier=` (the dashboard's "partners by tier")
 * and `?organisation=` narrow the list; `?noTier=1` lists those without a tier (`none` can be
 * a tier's id).
 */
export function PrincipalsScreen() {
  const [params, setParams] = useSearchParams();
  const tier = params.get('tier');
  const noTier = params.get('noTier') === '1';
  const organisation = params.get('organisation');
  const [state, reload] = usePrincipals();
  const [charterState] = useGoverningCharter();
  const charter = charterOf(charterState)?.content ?? null;
  const { status } = useWorkspace();
  const [editing, setEditing] = useState<PrincipalRecord | 'new' | null>(null);

  const tierNames = useMemo(
    () => new Map(charter?.partnerTiers.map((t) => [t.id, t.name])),
    [charter],
  );
  const blockedBy = status.readOnly
    ? 'This workspace is open read-only.'
    : permissionBlocker(status.actor, 'principal.write', 'Recording a principal');
  useShortcut('n', () => {
    if (blockedBy === null) setEditing('new');
  });

  if (state.status === 'loading') return <Spinner label="Loading principals…" />;
  if (state.status === 'failed') {
    return (
      <LoadErrorBanner
        title="Principals could not be loaded"
        error={state.error}
        onRetry={reload}
      />
    );
  }
  const shown = state.value.filter(
    (p) =>
      (noTier ? p.tier === null : tier === null || p.tier === tier) &&
      (organisation === null || p.organisation.toLowerCase() === organisation.toLowerCase()),
  );
  const filtered = noTier || tier !== null || organisation !== null;

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Principal tools">
        {noTier ? <span className="filter-chip">No tier</span> : null}
        {tier !== null && !noTier ? (
          <span className="filter-chip">Tier: {tierNames.get(tier) ?? tier}</span>
        ) : null}
        {organisation !== null ? (
          <span className="filter-chip">Organisation: {organisation}</span>
        ) : null}
        {filtered ? (
          <button
            type="button"
            className="button button-ghost"
            onClick={() => setParams({}, { replace: true })}
          >
            Show all
          </button>
        ) : null}
        <span className="toolbar-count" data-testid="principals-count">
          {pluralise(shown.length, 'principal')}
        </span>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button button-primary"
          disabled={blockedBy !== null}
          title={blockedBy ?? 'Add a principal (N)'}
          onClick={() => setEditing('new')}
          data-testid="principal-new"
        >
          <PlusIcon /> Add principal
        </button>
      </div>
      {shown.length === 0 ? (
        <EmptyState title={filtered ? 'No principal matches' : 'No principals yet'}>
          A principal is a partner organisation's role ("Acme analysts", "Acme integration service")
          or an internal role. Its tier decides how far the charter lets its grants go.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <table className="simple-table" data-testid="principals-table">
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Role</th>
                <th scope="col">Kind</th>
                <th scope="col">Tier</th>
                <th scope="col">Legal bases</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <tr key={p.id} data-principal-id={p.id}>
                  <td>{p.organisation}</td>
                  <td>
                    <Link
                      to={`/access?principal=${encodeURIComponent(p.id)}`}
                      title="Show this principal's grants"
                    >
                      {p.name}
                    </Link>
                  </td>
                  <td>{principalKindLabels[p.kind]}</td>
                  <td>
                    {p.tier === null ? (
                      <span className="cell-muted">None</span>
                    ) : (
                      (tierNames.get(p.tier) ?? `${p.tier} (not in the charter)`)
                    )}
                  </td>
                  <td>
                    {p.legalBases.length === 0 ? (
                      <span className="cell-muted">—</span>
                    ) : (
                      p.legalBases.map((basis) => legalBasisLabels[basis]).join(', ')
                    )}
                  </td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="button button-ghost"
                      disabled={blockedBy !== null}
                      title={blockedBy ?? `Edit ${p.name}`}
                      onClick={() => setEditing(p)}
                    >
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null ? (
        <PrincipalDialog
          principal={editing === 'new' ? null : editing}
          charter={charter}
          onSaved={reload}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
