import { useCallback } from 'react';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { AccessBadge } from '../../ui/badge';
import { LoadErrorBanner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { NodeDetails } from '../../ui/node-details';
import { PageHeader } from '../../ui/page-header';
import { useLoader } from '../../ui/use-loader';
import { BackupsSection } from './backups-section';
import { MembersSection } from './members-section';
import { PermissionsSection } from './permissions-section';
import './settings.css';

function ApplicationSection() {
  const client = useClient();
  const load = useCallback(() => client.call('app.info', {}), [client]);
  const [info, reload] = useLoader(load);
  return (
    <section className="settings-section" aria-labelledby="settings-app">
      <h2 id="settings-app" className="section-title">
        Application
      </h2>
      {info.status === 'failed' ? (
        <LoadErrorBanner
          title="Application details are unavailable"
          error={info.error}
          onRetry={reload}
        />
      ) : (
        <dl className="settings-list" aria-busy={info.status === 'loading'}>
          <div>
            <dt>Version</dt>
            <dd className="mono">{info.status === 'ready' ? info.value.version : '…'}</dd>
          </div>
          <div>
            <dt>Mode</dt>
            <dd>
              {info.status === 'ready'
                ? info.value.mode === 'desktop'
                  ? 'Desktop app'
                  : 'Browser (local server)'
                : '…'}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

export function SettingsScreen() {
  const { status } = useWorkspace();
  const { node } = status;
  return (
    <div className="page page-narrow">
      <PageHeader title="Settings" description="This node, its workspace and the application." />
      <section className="settings-section" aria-labelledby="settings-node">
        <h2 id="settings-node" className="section-title">
          Node
        </h2>
        <dl className="settings-list">
          <NodeDetails node={node} />
          <div>
            <dt>Set up</dt>
            <dd>{formatDateTime(node.createdAt)}</dd>
          </div>
        </dl>
      </section>
      <section className="settings-section" aria-labelledby="settings-workspace">
        <h2 id="settings-workspace" className="section-title">
          Workspace
        </h2>
        <dl className="settings-list">
          <div>
            <dt>File</dt>
            <dd className="mono break">{status.path}</dd>
          </div>
          <div>
            <dt>Schema version</dt>
            <dd className="mono">{status.schemaVersion}</dd>
          </div>
          <div>
            <dt>Access</dt>
            <dd>
              <AccessBadge readOnly={status.readOnly} />
            </dd>
          </div>
        </dl>
      </section>
      <BackupsSection />
      <MembersSection />
      <PermissionsSection />
      <ApplicationSection />
    </div>
  );
}
