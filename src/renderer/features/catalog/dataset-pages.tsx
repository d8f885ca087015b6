import { useCallback, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { emptyDatasetDraft, type DatasetDraft } from '../../../shared/domain/dataset';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { Banner, LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { AlertIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useLoader } from '../../ui/use-loader';
import { originText, ownerBlocker, ReplicaBadge } from '../partners/replica-badge';
import { readOnlyWorkspaceText } from '../recovery/read-only-banner';
import { usePeerDirectory } from '../partners/use-peers';
import { DatasetDetails, NewDatasetHelp } from './dataset-details';
import { draftOf } from './dataset-draft';
import { DatasetForm } from './dataset-form';
import { DatasetGovernance } from './dataset-governance';
import { useGoverningCharter } from './use-governing-charter';
import { useReturnPath } from './use-return-path';

function Breadcrumb() {
  return (
    <Link className="breadcrumb" to={useReturnPath()}>
      ← Catalog
    </Link>
  );
}

export function DatasetCreatePage() {
  const client = useClient();
  const { status } = useWorkspace();
  const organisation = status.node.organisation;
  const [charter, reloadCharter] = useGoverningCharter();
  const save = useCallback(
    (draft: DatasetDraft) => client.call('catalog.create', { draft }),
    [client],
  );
  // The retention stays empty so the chosen category's can fill it in.
  const initial = useMemo<DatasetDraft>(
    () => ({ ...emptyDatasetDraft, holder: organisation, retention: '' }),
    [organisation],
  );
  return (
    <div className="page">
      <PageHeader
        eyebrow={<Breadcrumb />}
        title="New dataset"
        description="Describe a dataset your organisation holds so it can be governed and shared."
      />
      <DatasetForm
        initial={initial}
        save={save}
        aside={<NewDatasetHelp />}
        charter={charter}
        onReloadCharter={reloadCharter}
        readOnlyReason={status.readOnly ? readOnlyWorkspaceText : null}
        isNew
      />
    </div>
  );
}

/** Keyed by id, so moving between datasets starts a fresh load and a fresh form. */
export function DatasetEditRoute() {
  const { id = '' } = useParams();
  return <DatasetEditPage key={id} id={id} />;
}

function DatasetEditPage({ id }: { id: string }) {
  const client = useClient();
  const load = useCallback(() => client.call('catalog.get', { id }), [client, id]);
  const [state, reload] = useLoader(load);
  const [charter, reloadCharter] = useGoverningCharter();
  const { node, readOnly } = useWorkspace().status;
  const organisation = node.organisation;
  const origins = usePeerDirectory();

  if (state.status === 'loading') {
    return (
      <div className="page">
        <Spinner label="Loading dataset…" />
      </div>
    );
  }
  if (state.status === 'failed') {
    const { error } = state;
    return (
      <div className="page">
        <PageHeader eyebrow={<Breadcrumb />} title="Dataset" />
        {error.code === 'NOT_FOUND' ? (
          <EmptyState icon={<AlertIcon />} title="Dataset not found">
            It may have been removed, or the link is wrong.
          </EmptyState>
        ) : (
          <LoadErrorBanner title="The dataset could not be loaded" error={error} onRetry={reload} />
        )}
      </div>
    );
  }

  const dataset = state.value;
  // Another node's dataset, from its last snapshot: shown, never edited here.
  const replica = dataset.ownerNode !== node.nodeId;
  const origin = replica ? origins.get(dataset.ownerNode) : undefined;
  return (
    <div className="page">
      <PageHeader
        eyebrow={<Breadcrumb />}
        title={dataset.title}
        description={
          <>
            <span className="mono">{dataset.identifier}</span>
            {replica ? (
              <>
                {' '}
                <ReplicaBadge origin={origin} />
              </>
            ) : null}
          </>
        }
      />
      {replica ? (
        <Banner title={originText(origin)} tone={origin?.stale ? 'warning' : 'info'}>
          {ownerBlocker(origin)} This is a verified, read-only copy from its last signed snapshot.
        </Banner>
      ) : null}
      <DatasetForm
        readOnlyReason={replica ? ownerBlocker(origin) : readOnly ? readOnlyWorkspaceText : null}
        // A reload after a conflict brings a new version: start the form from it.
        key={dataset.version}
        // Datasets recorded before holders existed have none: this node's organisation holds them.
        initial={{
          ...draftOf(dataset),
          holder: dataset.holder || (replica ? (origin?.organisation ?? '') : organisation),
        }}
        save={(draft) =>
          client.call('catalog.update', { id, expectedVersion: dataset.version, draft })
        }
        onReload={reload}
        charter={charter}
        onReloadCharter={reloadCharter}
        aside={
          <>
            <DatasetGovernance dataset={dataset} charter={charter} />
            <DatasetDetails
              dataset={dataset}
              owner={replica ? (origin?.organisation ?? 'another node') : null}
            />
          </>
        }
      />
    </div>
  );
}
