import { useCallback, useId, useReducer } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { CharterOverview } from '../../../shared/domain/charter-version';
import { charterStatusLabels } from '../../../shared/domain/charter-version';
import { useAppEvent, useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { readVersionParam } from './version-param';
import { DiffView } from './diff-view';
import { useLiveQuery } from './use-live-query';
import './charter.css';

/** Without `from`/`to`: the open (or newest) version against the one it was based on. */
function defaultPair(overview: CharterOverview): { from: number; to: number } | null {
  const sorted = [...overview.versions].sort((a, b) => b.version - a.version);
  const to = sorted.find((v) => v.version === overview.openVersion) ?? sorted[0];
  if (!to) return null;
  const from = to.basedOn ?? sorted.find((v) => v.version < to.version)?.version;
  return from === undefined ? null : { from, to: to.version };
}

function VersionPicker({
  label,
  value,
  overview,
  onChange,
}: {
  label: string;
  value: number;
  overview: CharterOverview;
  onChange: (version: number) => void;
}) {
  const id = useId();
  return (
    <div className="field charter-picker">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(event) => {
          onChange(Number(event.target.value));
        }}
      >
        {[...overview.versions]
          .sort((a, b) => b.version - a.version)
          .map((version) => (
            <option key={version.version} value={version.version}>
              Version {version.version} · {charterStatusLabels[version.status]}
            </option>
          ))}
      </select>
    </div>
  );
}

/** /charter/compare?from=A&to=B: what changed between two versions, section by section. */
export function CharterCompareScreen() {
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const [refreshKey, refresh] = useReducer((current: number) => current + 1, 0);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && event.payload.entity === 'charter') refresh();
  });
  const overviewQuery = useLiveQuery(
    useCallback(() => client.call('charter.overview', {}), [client]),
    refreshKey,
  );
  const overview = overviewQuery.value;
  const fallback = overview ? defaultPair(overview) : null;
  const from = readVersionParam(params.get('from')) ?? fallback?.from ?? null;
  const to = readVersionParam(params.get('to')) ?? fallback?.to ?? null;

  function choose(next: { from: number; to: number }): void {
    setParams({ from: String(next.from), to: String(next.to) }, { replace: true });
  }

  return (
    <div className="page charter-page">
      <PageHeader
        eyebrow={
          <Link
            className="breadcrumb"
            to={to === null ? '/charter' : `/charter?version=${String(to)}`}
          >
            ← Charter
          </Link>
        }
        title="Compare versions"
        description="What a version adds, removes and changes against another, section by section."
      />
      {overviewQuery.error && overview === null ? (
        <LoadErrorBanner
          title="The charter versions could not be loaded"
          error={overviewQuery.error}
          onRetry={overviewQuery.retry}
        />
      ) : null}
      {overview === null ? (
        overviewQuery.error ? null : (
          <Spinner label="Loading versions…" />
        )
      ) : from === null || to === null ? (
        <EmptyState title="Nothing to compare yet">
          The charter has a single version. Start a new draft from it to compare the two.
        </EmptyState>
      ) : (
        <>
          <div className="charter-compare-bar">
            <VersionPicker
              label="From version"
              value={from}
              overview={overview}
              onChange={(version) => {
                choose({ from: version, to });
              }}
            />
            <button
              type="button"
              className="button"
              aria-label="Swap the versions"
              onClick={() => {
                choose({ from: to, to: from });
              }}
            >
              ⇄ Swap
            </button>
            <VersionPicker
              label="To version"
              value={to}
              overview={overview}
              onChange={(version) => {
                choose({ from, to: version });
              }}
            />
          </div>
          {from === to ? (
            <EmptyState title="Choose two different versions">
              A version compared with itself has no differences.
            </EmptyState>
          ) : (
            <DiffPanel
              key={`${String(from)}-${String(to)}`}
              from={from}
              to={to}
              refreshKey={refreshKey}
            />
          )}
        </>
      )}
    </div>
  );
}

/** A draft can change while it is compared: `refreshKey` moves when main says so. */
function DiffPanel({ from, to, refreshKey }: { from: number; to: number; refreshKey: number }) {
  const client = useClient();
  const load = useCallback(() => client.call('charter.diff', { from, to }), [client, from, to]);
  const diffQuery = useLiveQuery(load, refreshKey);
  if (diffQuery.value) return <DiffView diff={diffQuery.value} />;
  if (diffQuery.error) {
    return (
      <LoadErrorBanner
        title="The versions could not be compared"
        error={diffQuery.error}
        onRetry={diffQuery.retry}
      />
    );
  }
  return <Spinner label="Comparing…" />;
}
