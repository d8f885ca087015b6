import { useMemo, useState } from 'react';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { pluralise } from '../../ui/format';
import { PartnersIcon, PlusIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useShortcut } from '../../ui/use-shortcut';
import { AddPeerDialog } from './add-peer-dialog';
import { IdentityPanel } from './identity-panel';
import { ImportSnapshotDialog } from './import-snapshot-dialog';
import { PeersTable } from './peers-table';
import { syncBlocker } from './sync-permissions';
import { usePeers, useTierOptions } from './use-peers';
import './partners.css';

/**
 * /partners: the peers this node exchanges signed snapshots with, this node's identity card
 * for onboarding, and the dialogs that add a peer and import a snapshot. `n` adds a peer,
 * `i` imports a snapshot.
 */
export function PartnersScreen() {
  const { status } = useWorkspace();
  const toast = useToast();
  const peers = usePeers();
  const tiers = useTierOptions();
  const tierNames = useMemo(() => new Map(tiers.map((tier) => [tier.id, tier.name])), [tiers]);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const addBlocker = syncBlocker(status, 'addPeer');
  const importBlocker = syncBlocker(status, 'importSnapshot');
  const governedBy =
    peers.value?.find((peer) => peer.governs && peer.status === 'trusted')?.organisation ?? null;

  useShortcut('n', () => {
    if (addBlocker === null) setAdding(true);
  });
  useShortcut('i', () => {
    if (importBlocker === null) setImporting(true);
  });

  const addButton = (
    <button
      type="button"
      className="button button-primary"
      data-testid="peer-add"
      disabled={addBlocker !== null}
      title={addBlocker ?? 'Add a peer from its identity card (n)'}
      aria-keyshortcuts="n"
      onClick={() => {
        setAdding(true);
      }}
    >
      <PlusIcon />
      Add peer
    </button>
  );
  const importButton = (
    <button
      type="button"
      className="button"
      data-testid="snapshot-import"
      disabled={importBlocker !== null}
      title={importBlocker ?? 'Import a snapshot file a peer sent (i)'}
      aria-keyshortcuts="i"
      onClick={() => {
        setImporting(true);
      }}
    >
      Import snapshot
    </button>
  );

  const rows = peers.value;
  return (
    <div className="page partners-page">
      <PageHeader
        title="Partners"
        description="The nodes you exchange signed snapshots with: partner organisations and colleagues’ nodes, the keys pinned for them, and what went each way."
        actions={
          <>
            {importButton}
            {addButton}
          </>
        }
      />
      <div className="partners-layout">
        <div className="partners-main">
          {peers.error ? (
            <LoadErrorBanner
              title="Peers could not be loaded"
              error={peers.error}
              onRetry={peers.retry}
              tone={rows ? 'warning' : 'danger'}
            />
          ) : null}
          {rows === null ? (
            peers.error ? null : (
              <Spinner label="Loading peers…" />
            )
          ) : rows.length === 0 ? (
            <EmptyState
              icon={<PartnersIcon />}
              title="No peers yet"
              action={addBlocker === null ? addButton : null}
            >
              <p>Peers are pinned by hand, once, after you compare a key with them:</p>
              <ol className="onboarding-steps">
                <li>
                  Save your identity card (beside this list) and send it to the peer; read them your
                  fingerprint on a call or in person.
                </li>
                <li>
                  Add the peer from the card they send you, typing the fingerprint they read to you.
                  A card whose key does not match is refused.
                </li>
                <li>
                  Exchange snapshots: export one for them and import theirs, or give both nodes the
                  same shared folder or WebDAV server and sync.
                </li>
              </ol>
            </EmptyState>
          ) : (
            <>
              <p className="toolbar-count" data-testid="peer-count">
                {pluralise(rows.length, 'peer')}
              </p>
              <PeersTable peers={rows} tierNames={tierNames} />
            </>
          )}
        </div>
        <aside className="partners-aside">
          <IdentityPanel />
        </aside>
      </div>
      {adding ? (
        <AddPeerDialog
          organisation={status.node.organisation}
          governedBy={governedBy}
          tiers={tiers}
          onAdded={(peer) => {
            toast(`${peer.organisation} is now a trusted peer.`);
          }}
          onClose={() => {
            setAdding(false);
          }}
        />
      ) : null}
      {importing ? (
        <ImportSnapshotDialog
          onClose={() => {
            setImporting(false);
          }}
        />
      ) : null}
    </div>
  );
}
