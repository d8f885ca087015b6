import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import type { ReplicaItem, ReplicaPage } from '../../../shared/contract/sync-channels';
import { principalKindLabels } from '../../../shared/domain/access';
import type { PeerSummary, SnapshotRecordKind } from '../../../shared/domain/sync';
import { toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { SensitivityBadge, StatusBadge } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { formatCount } from '../../ui/format';
import { SearchBox } from '../../ui/search-box';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { GrantStatusBadge } from '../access/grant-badges';
import { CharterStatusBadge } from '../charter/charter-status-badge';
import { NoteDialog } from '../charter/note-dialog';
import { useLiveQuery } from '../charter/use-live-query';
import { formatDay } from '../dashboard/format-day';
import { kindLabels } from './diff-view';
import { formatAsOf, ReplicaBadge } from './replica-badge';
import { syncBlocker } from './sync-permissions';
import type { ReplicaOrigin } from './use-peers';

const PAGE_SIZE = 50;

const tabKinds: readonly SnapshotRecordKind[] = ['charter', 'dataset', 'principal', 'grant'];

function Row({
  item,
  origin,
  endorseBlocker,
  canEndorse,
  onEndorse,
}: {
  item: ReplicaItem;
  origin: ReplicaOrigin;
  endorseBlocker: string | null;
  canEndorse: boolean;
  onEndorse: (item: Extract<ReplicaItem, { kind: 'charter' }>) => void;
}) {
  const badge = (
    <td className="replica-origin-cell">
      <ReplicaBadge origin={origin} />
    </td>
  );
  switch (item.kind) {
    case 'charter':
      return (
        <tr data-testid="replica-row">
          <td className="mono">v{item.version}</td>
          <td>{item.title}</td>
          <td>
            <CharterStatusBadge status={item.status} />
          </td>
          <td>{item.publishedAt ? formatAsOf(item.publishedAt) : '—'}</td>
          <td>
            {item.endorsement ? (
              <span
                className="endorsed"
                data-testid="charter-endorsed"
                title={item.endorsement.note}
              >
                Endorsed on {formatAsOf(item.endorsement.at)} by {item.endorsement.by}
              </span>
            ) : canEndorse && item.status === 'published' ? (
              <button
                type="button"
                className="button"
                data-testid="charter-endorse"
                disabled={endorseBlocker !== null}
                title={endorseBlocker ?? 'Countersign this version of their charter'}
                onClick={() => {
                  onEndorse(item);
                }}
              >
                Endorse this version
              </button>
            ) : null}
          </td>
          {badge}
        </tr>
      );
    case 'dataset':
      return (
        <tr data-testid="replica-row">
          <td className="mono">{item.identifier}</td>
          <td>{item.title}</td>
          <td>
            <SensitivityBadge value={item.sensitivity} />
          </td>
          <td>
            <StatusBadge value={item.status} />
          </td>
          {badge}
        </tr>
      );
    case 'principal':
      return (
        <tr data-testid="replica-row">
          <td>{item.name}</td>
          <td>{item.organisation}</td>
          <td>{principalKindLabels[item.principalKind]}</td>
          <td>{item.tier ?? '—'}</td>
          {badge}
        </tr>
      );
    case 'grant':
      return (
        <tr data-testid="replica-row">
          <td>{item.principal}</td>
          <td className="mono">{item.dataset}</td>
          <td>
            {item.level} · {item.purpose}
          </td>
          <td>
            {formatDay(item.start)} – {item.until ? formatDay(item.until) : 'open'}
          </td>
          <td>
            <GrantStatusBadge value={item.status} />
          </td>
          {badge}
        </tr>
      );
    case 'endorsement':
      return (
        <tr data-testid="replica-row">
          <td className="mono">v{item.charterVersion}</td>
          <td>{item.endorsedBy}</td>
          <td>{formatAsOf(item.endorsedAt)}</td>
          <td>{item.note || '—'}</td>
          {badge}
        </tr>
      );
  }
}

const headers: Record<SnapshotRecordKind, string[]> = {
  charter: ['Version', 'Title', 'Status', 'Published', 'Endorsement'],
  dataset: ['Identifier', 'Title', 'Sensitivity', 'Status'],
  principal: ['Name', 'Organisation', 'Kind', 'Tier'],
  grant: ['Principal', 'Dataset', 'Level and purpose', 'Period', 'Status'],
  endorsement: ['Charter', 'Endorsed by', 'On', 'Note'],
};

function ReplicaTable({
  page,
  origin,
  canEndorse,
  onEndorse,
}: {
  page: ReplicaPage;
  origin: ReplicaOrigin;
  canEndorse: boolean;
  onEndorse: (item: Extract<ReplicaItem, { kind: 'charter' }>) => void;
}) {
  const { status } = useWorkspace();
  const endorseBlocker = syncBlocker(status, 'endorse');
  return (
    <table className="replica-table" data-testid={`replica-table-${page.kind}`}>
      <thead>
        <tr>
          {headers[page.kind].map((header) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Origin</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {page.rows.map((item) => (
          <Row
            key={item.id}
            item={item}
            origin={origin}
            endorseBlocker={endorseBlocker}
            canEndorse={canEndorse}
            onEndorse={onEndorse}
          />
        ))}
      </tbody>
    </table>
  );
}

/**
 * The peer's records this node holds as verified, read-only replicas, one tab per kind, paged
 * and searchable, each marked with where it is from and as of which snapshot. A partner's
 * published charter can be endorsed here (governance leads).
 */
export function PeerReplicas({ peer, revision }: { peer: PeerSummary; revision: number }) {
  const client = useClient();
  const toast = useToast();
  const [kind, setKind] = useState<SnapshotRecordKind>('charter');
  const [offset, setOffset] = useState(0);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [endorsing, setEndorsing] = useState<Extract<ReplicaItem, { kind: 'charter' }> | null>(
    null,
  );
  const [bump, setBump] = useState(0);
  const tabRefs = useRef(new Map<SnapshotRecordKind, HTMLButtonElement>());
  const kinds =
    (peer.replicaCounts.endorsement ?? 0) > 0 ? [...tabKinds, 'endorsement' as const] : tabKinds;
  const load = useCallback(
    () =>
      client.call('sync.replicas', {
        peer: peer.nodeId,
        kind,
        offset,
        limit: PAGE_SIZE,
        ...(q === '' ? {} : { q }),
      }),
    [client, peer.nodeId, kind, offset, q],
  );
  const page = useLiveQuery(load, revision + bump);
  const origin: ReplicaOrigin = {
    organisation: peer.organisation,
    asOf: peer.lastReceived?.issuedAt ?? null,
    stale: peer.stale,
  };

  function select(next: SnapshotRecordKind): void {
    setKind(next);
    setOffset(0);
    setText('');
    setQ('');
  }

  function onTabKey(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const index = kinds.indexOf(kind);
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = kinds[(index + step + kinds.length) % kinds.length] ?? kind;
    select(next);
    tabRefs.current.get(next)?.focus();
  }

  const value = page.value;
  const last = value ? Math.min(value.offset + value.rows.length, value.total) : 0;
  return (
    <section className="card peer-replicas" aria-labelledby="replicas-title">
      <h2 id="replicas-title" className="section-title">
        What {peer.organisation} shares with this node
      </h2>
      <p className="cell-muted replicas-note">
        Read-only replicas from its signed snapshots; only {peer.organisation} changes them.
      </p>
      <div className="tab-strip" role="tablist" aria-label="Replicas" onKeyDown={onTabKey}>
        {kinds.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              if (element) tabRefs.current.set(tab, element);
              else tabRefs.current.delete(tab);
            }}
            type="button"
            role="tab"
            className="tab-strip-tab"
            aria-selected={kind === tab}
            tabIndex={kind === tab ? 0 : -1}
            data-testid={`replica-tab-${tab}`}
            onClick={() => {
              select(tab);
            }}
          >
            {kindLabels[tab]} ({formatCount(peer.replicaCounts[tab] ?? 0)})
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={kindLabels[kind]} className="replica-panel">
        <div className="toolbar">
          <SearchBox
            text={text}
            onTextChange={setText}
            onCommit={(search) => {
              setQ(search.trim());
              setOffset(0);
            }}
            label={`Filter ${kindLabels[kind].toLowerCase()}…`}
            maxLength={200}
            testId="replica-search"
          />
          <span className="toolbar-spacer" />
          {value && value.total > 0 ? (
            <span className="toolbar-count">
              {formatCount(value.offset + 1)}–{formatCount(last)} of {formatCount(value.total)}
            </span>
          ) : null}
          <button
            type="button"
            className="button"
            disabled={offset === 0}
            onClick={() => {
              setOffset(Math.max(0, offset - PAGE_SIZE));
            }}
          >
            Previous
          </button>
          <button
            type="button"
            className="button"
            disabled={!value || last >= value.total}
            onClick={() => {
              setOffset(offset + PAGE_SIZE);
            }}
          >
            Next
          </button>
        </div>
        {page.error ? (
          <LoadErrorBanner
            title="Replicas could not be loaded"
            error={page.error}
            onRetry={page.retry}
          />
        ) : null}
        {value === null ? (
          page.error ? null : (
            <Spinner label="Loading replicas…" />
          )
        ) : value.rows.length === 0 ? (
          <EmptyState
            title={
              q === ''
                ? `No ${kindLabels[kind].toLowerCase()} from ${peer.organisation}`
                : 'Nothing matches'
            }
          >
            {q === ''
              ? peer.lastReceived
                ? 'Its snapshots have carried none of these so far.'
                : 'Nothing was imported from it yet: import a snapshot it sent, or sync.'
              : 'Try other words, or clear the filter.'}
          </EmptyState>
        ) : (
          <ReplicaTable
            page={value}
            origin={origin}
            canEndorse={peer.relationship === 'partner' && peer.status === 'trusted'}
            onEndorse={setEndorsing}
          />
        )}
      </div>
      {endorsing ? (
        <NoteDialog
          title={`Endorse ${peer.organisation}’s charter v${String(endorsing.version)}?`}
          description={`You countersign “${endorsing.title}” as published by ${peer.organisation}, with this node’s key. The endorsement goes back to them in the next snapshot; it cannot be withdrawn.`}
          label="Note"
          confirmLabel="Endorse this version"
          onSubmit={async (note) => {
            try {
              await client.call('sync.endorse', { charterId: endorsing.id, note });
              toast(`Endorsed ${peer.organisation}’s charter v${String(endorsing.version)}.`);
              setBump((current) => current + 1);
              return null;
            } catch (caught) {
              return toRpcError(caught);
            }
          }}
          onClose={() => {
            setEndorsing(null);
          }}
        />
      ) : null}
    </section>
  );
}
