import { useCallback } from 'react';
import { Link } from 'react-router';
import type { CharterOverview } from '../../../shared/domain/charter-version';
import { useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { AlertIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import type { CharterActor } from './charter-permissions';
import { useLiveQuery } from './use-live-query';
import { CharterVersionView } from './version-view';

interface CharterVersionPanelProps {
  version: number;
  overview: CharterOverview;
  actor: CharterActor;
  workspaceReadOnly: boolean;
  refreshKey: number;
  onChanged: () => void;
}

/** Loads one version and keeps showing it while main's changes are fetched again. */
export function CharterVersionPanel({ version, refreshKey, ...view }: CharterVersionPanelProps) {
  const client = useClient();
  const load = useCallback(() => client.call('charter.get', { version }), [client, version]);
  const { value, error, retry } = useLiveQuery(load, refreshKey);

  if (value === null) {
    if (error?.code === 'NOT_FOUND') {
      return (
        <EmptyState icon={<AlertIcon />} title={`There is no version ${String(version)}`}>
          It may have been a draft that was discarded. <Link to="/charter">Show the charter</Link>
        </EmptyState>
      );
    }
    if (error) {
      return (
        <LoadErrorBanner
          title={`Version ${String(version)} could not be loaded`}
          error={error}
          onRetry={retry}
        />
      );
    }
    return <Spinner label={`Loading version ${String(version)}…`} />;
  }
  return (
    <>
      {error ? (
        <LoadErrorBanner
          title="The latest state of this version could not be loaded"
          tone="warning"
          error={error}
          onRetry={retry}
        />
      ) : null}
      <CharterVersionView latest={value} {...view} />
    </>
  );
}
