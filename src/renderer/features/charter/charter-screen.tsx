import { Link, useSearchParams } from 'react-router';
import { useWorkspace } from '../../app/workspace-context';
import type { CharterOverview } from '../../../shared/domain/charter-version';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { CharterIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { EndorsementsPanel } from './endorsements-panel';
import { useCharterData } from './use-charter-data';
import { readVersionParam } from './version-param';
import { VersionHistory } from './version-history';
import { CharterVersionPanel } from './version-panel';
import './charter.css';

/** The version shown when the address names none: the open one, else the governing one. */
function defaultVersion(overview: CharterOverview): number | null {
  const newest = [...overview.versions].sort((a, b) => b.version - a.version)[0];
  return overview.openVersion ?? overview.governingVersion ?? newest?.version ?? null;
}

/** /charter: the charter's versions, the one being worked on, and its lifecycle. */
export function CharterScreen() {
  const [params] = useSearchParams();
  const data = useCharterData();
  // The lead sees which partners endorsed which version (their snapshots bring it back).
  const isLead = useWorkspace().status.actor.roles.includes('lead');
  const overview = data.overview.value;
  const selected =
    readVersionParam(params.get('version')) ?? (overview ? defaultVersion(overview) : null);

  return (
    <div className="page charter-page">
      <PageHeader
        title="Charter"
        description="The data-sharing charter: the rules partners are bound by, drafted here, reviewed and approved by the governance leads, then published as an immutable version."
        actions={
          overview && overview.versions.length > 1 ? (
            <Link className="button" to="/charter/compare">
              Compare versions
            </Link>
          ) : null
        }
      />
      {data.overview.error && overview === null ? (
        <LoadErrorBanner
          title="The charter could not be loaded"
          error={data.overview.error}
          onRetry={data.overview.retry}
        />
      ) : null}
      {overview === null ? (
        data.overview.error ? null : (
          <Spinner label="Loading the charter…" />
        )
      ) : overview.versions.length === 0 || selected === null ? (
        <EmptyState icon={<CharterIcon />} title="This workspace has no charter yet">
          <p>
            New workspaces start with a draft made from the default charter template. This one was
            created before charters were kept in the workspace, and the app cannot start a first
            version in it yet.
          </p>
          <p>
            Catalog categories and grants need a published charter; until one exists they are not
            checked against it.
          </p>
        </EmptyState>
      ) : (
        <div className="charter-layout">
          <div className="charter-main">
            <CharterVersionPanel
              key={selected}
              version={selected}
              overview={overview}
              actor={data.actor}
              workspaceReadOnly={data.workspaceReadOnly}
              refreshKey={data.refreshKey}
              onChanged={data.refresh}
            />
          </div>
          <aside className="charter-aside">
            <VersionHistory versions={overview.versions} selected={selected} />
            {isLead ? <EndorsementsPanel /> : null}
          </aside>
        </div>
      )}
    </div>
  );
}
