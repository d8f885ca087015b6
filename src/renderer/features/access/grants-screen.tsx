import { useCallback, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { permissionBlocker } from '../../../shared/domain/permissions';
import { useAppEvent } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useShortcut } from '../../ui/use-shortcut';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';
import {
  hasActiveGrantFilters,
  noGrantFilters,
  readGrantFilters,
  writeGrantFilters,
  type GrantFilters,
} from './grant-filters';
import { GrantPanel } from './grant-panel';
import { GrantRequestDialog } from './grant-request-dialog';
import { GrantsTable } from './grants-table';
import { GrantsToolbar } from './grants-toolbar';
import { isAccessChange, useGrantPages } from './use-grant-pages';
import { usePrincipals } from './use-principals';

/** The filters the rows are fetched for: the URL's, with the search as typed (see catalog). */
function useQueryFilters(filters: GrantFilters, searchText: string): GrantFilters {
  const key = JSON.stringify({ ...filters, search: searchText });
  return useMemo(() => JSON.parse(key) as GrantFilters, [key]);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Every grant of this node: filter, sort, open one to see why it is (or is not) allowed. */
export function GrantsScreen() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readGrantFilters(params), [params]);
  const [searchText, setSearchText] = useState(filters.search);
  const searchRef = useRef<HTMLInputElement>(null);
  const { snapshot, ensureRange, invalidate } = useGrantPages(useQueryFilters(filters, searchText));
  const [charterState] = useGoverningCharter();
  const charter = charterOf(charterState)?.content ?? null;
  const [principalsState] = usePrincipals();
  const principals = principalsState.status === 'ready' ? principalsState.value : [];
  const { status } = useWorkspace();
  const toast = useToast();
  const [selected, setSelected] = useState<string | null>(params.get('grant'));
  const [requesting, setRequesting] = useState(false);
  const [revision, setRevision] = useState(0);
  useAppEvent((event) => {
    if (isAccessChange(event)) setRevision((current) => current + 1);
  });

  const levelNames = useMemo(
    () => new Map(charter?.accessLevels.map((level) => [level.id, level.name])),
    [charter],
  );
  const update = useCallback(
    (patch: Partial<GrantFilters>) => {
      setParams((current) => writeGrantFilters({ ...readGrantFilters(current), ...patch }), {
        replace: true,
      });
    },
    [setParams],
  );
  function clearFilters(): void {
    update(noGrantFilters);
    setSearchText('');
  }

  const requestBlockedBy = status.readOnly
    ? 'This workspace is open read-only.'
    : charter === null
      ? 'A charter must be published before access can be granted.'
      : permissionBlocker(status.actor, 'grant.request', 'Requesting access');
  function openRequest(): void {
    if (requestBlockedBy === null) setRequesting(true);
  }
  useShortcut('n', openRequest);

  const principalLabel = filters.principalId
    ? (principals.find((p) => p.id === filters.principalId)?.name ?? null)
    : null;

  const { total, error } = snapshot;
  let body;
  if (total === null) {
    body = error ? null : <Spinner label="Loading grants…" />;
  } else if (total === 0) {
    body = hasActiveGrantFilters(filters) ? (
      <EmptyState
        title="No grant matches these filters"
        action={
          <button type="button" className="button" onClick={clearFilters}>
            Clear filters
          </button>
        }
      />
    ) : (
      <EmptyState title="No grants yet">
        Access to a dataset is granted to a principal (a partner's role or an internal role), at a
        level, for a purpose, for a time. The charter decides how far any grant may go.
      </EmptyState>
    );
  } else {
    body = (
      <GrantsTable
        snapshot={snapshot}
        ensureRange={ensureRange}
        sort={filters.sort}
        onSortChange={(sort) => update({ sort })}
        onOpen={(grant) => setSelected(grant.id)}
        selectedId={selected}
        levelNames={levelNames}
      />
    );
  }

  return (
    <>
      <GrantsToolbar
        filters={filters}
        total={total}
        searchText={searchText}
        onSearchTextChange={setSearchText}
        searchRef={searchRef}
        onChange={update}
        onClear={clearFilters}
        onRequest={openRequest}
        requestBlockedBy={requestBlockedBy}
        principalLabel={principalLabel}
        datasetLabel={null}
      />
      {error ? (
        <LoadErrorBanner title="Grants could not be loaded" error={error} onRetry={invalidate} />
      ) : null}
      <div className="access-split">
        <div className="access-split-main">{body}</div>
        {selected ? (
          <GrantPanel
            grantId={selected}
            revision={revision}
            charter={charter}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>
      {requesting ? (
        <GrantRequestDialog
          principals={principals}
          charter={charter}
          today={todayUtc()}
          initialPrincipalId={filters.principalId}
          onClose={() => setRequesting(false)}
          onRequested={(id) => {
            toast('Access requested; a data steward approves it next.', 'success');
            setSelected(id);
            invalidate();
          }}
        />
      ) : null}
    </>
  );
}
