import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AccessMatrix } from '../../../shared/domain/access-matrix';
import { useAppEvent, useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { formatCount } from '../../ui/format';
import { SearchBox } from '../../ui/search-box';
import { Spinner } from '../../ui/spinner';
import { useLoader } from '../../ui/use-loader';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';
import { isAccessChange } from './use-grant-pages';
import { usePrincipals } from './use-principals';

const WINDOW = 30;

function Cells({ matrix }: { matrix: AccessMatrix }) {
  const cells = useMemo(
    () => new Map(matrix.cells.map((cell) => [`${cell.principalId}\u0000${cell.datasetId}`, cell])),
    [matrix],
  );
  const levels = matrix.levels;
  const name = (id: string) => levels.find((level) => level.id === id)?.name ?? id;
  const shade = (id: string) => {
    const rank = levels.findIndex((level) => level.id === id);
    return rank < 0 ? 0 : Math.round((rank / Math.max(1, levels.length - 1)) * 4);
  };
  return (
    <div className="matrix-scroll">
      <table className="matrix-table" data-testid="access-matrix">
        <thead>
          <tr>
            <th scope="col" className="matrix-corner">
              Principal \ dataset
            </th>
            {matrix.datasets.map((dataset) => (
              <th key={dataset.id} scope="col" className="matrix-dataset" title={dataset.title}>
                <span>{dataset.identifier}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.principals.map((principal) => (
            <tr key={principal.id}>
              <th scope="row" className="matrix-principal">
                {principal.name}
                <span className="cell-muted"> {principal.organisation}</span>
              </th>
              {matrix.datasets.map((dataset) => {
                const cell = cells.get(`${principal.id}\u0000${dataset.id}`);
                if (!cell) return <td key={dataset.id} className="matrix-cell matrix-empty" />;
                const label = `${principal.name} → ${dataset.identifier}: ${name(cell.level)}, ${cell.status}${cell.others > 0 ? ` (+${String(cell.others)} more)` : ''}`;
                return (
                  <td
                    key={dataset.id}
                    className={`matrix-cell matrix-shade-${String(shade(cell.level))} matrix-${cell.status}`}
                  >
                    <Link
                      to={`/access?grant=${encodeURIComponent(cell.grantId)}&principal=${encodeURIComponent(principal.id)}&dataset=${encodeURIComponent(dataset.id)}`}
                      title={label}
                      aria-label={label}
                      data-level={cell.level}
                    >
                      {name(cell.level)}
                      {cell.others > 0 ? <sup>+{cell.others}</sup> : null}
                    </Link>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Principals × datasets with the level of each live grant. Narrowed to an organisation, a
 * category or a search, a window of datasets at a time: at 200,000 grants the whole matrix is
 * more than anyone can read.
 */
export function MatrixScreen() {
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const organisation = params.get('organisation') ?? '';
  const category = params.get('category') ?? '';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [offset, setOffset] = useState(0);
  const [revision, setRevision] = useState(0);
  useAppEvent((event) => {
    if (isAccessChange(event)) setRevision((current) => current + 1);
  });
  const [principalsState] = usePrincipals();
  const organisations = useMemo(
    () =>
      principalsState.status === 'ready'
        ? [...new Set(principalsState.value.map((p) => p.organisation))].sort()
        : [],
    [principalsState],
  );
  const [charterState] = useGoverningCharter();
  const categories = charterOf(charterState)?.content.categories ?? [];

  const load = useCallback(
    () =>
      client.call('access.matrix', {
        ...(organisation ? { organisation } : {}),
        ...(category ? { category } : {}),
        ...(search.trim() ? { search: search.trim() } : {}),
        datasetOffset: offset,
        datasetLimit: WINDOW,
      }),
    // `revision` reloads on change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, organisation, category, search, offset, revision],
  );
  const [state, reload] = useLoader(load);

  function setParam(name: string, value: string): void {
    setOffset(0);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Matrix tools">
        <label className="toolbar-select">
          <span className="visually-hidden">Organisation</span>
          <select
            className="input"
            value={organisation}
            data-testid="matrix-organisation"
            onChange={(event) => setParam('organisation', event.target.value)}
          >
            <option value="">All organisations</option>
            {organisations.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-select">
          <span className="visually-hidden">Category</span>
          <select
            className="input"
            value={category}
            onChange={(event) => setParam('category', event.target.value)}
          >
            <option value="">All categories</option>
            {categories.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
        <SearchBox
          text={search}
          onTextChange={setSearch}
          onCommit={(text) => {
            setOffset(0);
            setSearch(text);
          }}
          label="Filter datasets…"
          maxLength={200}
          testId="matrix-search"
          debounceMs={150}
        />
        <span className="toolbar-spacer" />
        {state.status === 'ready' && state.value.datasetTotal > 0 ? (
          <span className="matrix-window">
            Datasets {formatCount(offset + 1)}–{formatCount(offset + state.value.datasets.length)}{' '}
            of {formatCount(state.value.datasetTotal)}
            <button
              type="button"
              className="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - WINDOW))}
            >
              ← Previous
            </button>
            <button
              type="button"
              className="button"
              disabled={offset + WINDOW >= state.value.datasetTotal}
              onClick={() => setOffset(offset + WINDOW)}
            >
              Next →
            </button>
          </span>
        ) : null}
      </div>
      {state.status === 'loading' ? <Spinner label="Loading the matrix…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="The matrix could not be loaded"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {state.status === 'ready' ? (
        state.value.datasets.length === 0 ? (
          <EmptyState title="No live grants here">
            Nothing is granted to these principals on matching datasets. Choose another organisation
            or category, or request access from the Grants tab.
          </EmptyState>
        ) : (
          <Cells matrix={state.value} />
        )
      ) : null}
    </>
  );
}
