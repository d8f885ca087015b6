import type {
  OutboxView,
  PeerDetail,
  ReceivedSnapshot,
  ReplicaItem,
  ReplicaPage,
  TransportView,
} from '../../../shared/contract/sync-channels';
import {
  snapshotDiffSchema,
  type PeerSummary,
  type SnapshotRecordKind,
} from '../../../shared/domain/sync';
import { principalKindSchema } from '../../../shared/domain/access';
import { charterStatusSchema } from '../../../shared/domain/charter-version';
import { AppError } from '../../../shared/errors';
import { grantFromRow, todayOf, type GrantRow } from '../access/access-queries';
import { datasetFromRow } from '../catalog/dataset-row';
import type { Workspace } from '../workspace/workspace';
import { outboxState } from './outbox/outbox';
import { getPeerTransport } from './outbox/transport-settings';
import { listPeers } from './peers';

/** The peer as the partners table shows it; PEER_UNKNOWN when no such peer is pinned. */
export function peerSummary(ws: Workspace, nodeId: string, now = new Date()): PeerSummary {
  const found = listPeers(ws, now).find((peer) => peer.nodeId === nodeId);
  if (!found) {
    throw new AppError('PEER_UNKNOWN', `Node ${nodeId} is not a peer of this node.`);
  }
  return found;
}

/** How many received snapshots the detail lists; the total is always given. */
const RECEIVED_LISTED = 100;

interface ReceivedRow {
  version: number;
  issued_at: string;
  expires_at: string;
  imported_at: string;
  added: number;
  changed: number;
  removed: number;
}

/**
 * Everything the peer screen shows: trust and keys, what the last import changed, the
 * snapshots received, fork alarms, and how (and whether) bundles reach the peer.
 */
export function peerDetail(ws: Workspace, nodeId: string, now = new Date()): PeerDetail {
  const summary = peerSummary(ws, nodeId, now);
  const keys = (
    ws.sqlite
      .prepare(
        'SELECT fingerprint, trusted_at, retired_at FROM peer_key WHERE peer_id = ? ORDER BY retired_at IS NOT NULL, trusted_at DESC',
      )
      .all(nodeId) as { fingerprint: string; trusted_at: string; retired_at: string | null }[]
  ).map((row) => ({
    fingerprint: row.fingerprint,
    trustedAt: row.trusted_at,
    retiredAt: row.retired_at,
  }));

  const received = (
    ws.sqlite
      .prepare(
        `SELECT version, issued_at, expires_at, imported_at, added, changed, removed
         FROM snapshot_received WHERE peer_id = ? ORDER BY version DESC LIMIT ?`,
      )
      .all(nodeId, RECEIVED_LISTED) as ReceivedRow[]
  ).map((row): ReceivedSnapshot => ({
    version: row.version,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    importedAt: row.imported_at,
    counts: { added: row.added, changed: row.changed, removed: row.removed },
  }));
  const receivedTotal = ws.sqlite
    .prepare('SELECT count(*) FROM snapshot_received WHERE peer_id = ?')
    .pluck()
    .get(nodeId) as number;

  const last = ws.sqlite
    .prepare(
      'SELECT version, issued_at, imported_at, diff FROM snapshot_received WHERE peer_id = ? ORDER BY version DESC LIMIT 1',
    )
    .get(nodeId) as
    { version: number; issued_at: string; imported_at: string; diff: string } | undefined;
  const lastDiff = last ? snapshotDiffSchema.safeParse(JSON.parse(last.diff)) : null;

  const alarms = (
    ws.sqlite
      .prepare(
        'SELECT id, kind, detail, evidence, raised_at FROM sync_alarm WHERE peer_id = ? ORDER BY raised_at DESC',
      )
      .all(nodeId) as {
      id: string;
      kind: string;
      detail: string;
      evidence: string;
      raised_at: string;
    }[]
  ).map((row) => ({
    id: row.id,
    kind: row.kind,
    detail: row.detail,
    evidence: JSON.parse(row.evidence) as Record<string, string | number | null>,
    raisedAt: row.raised_at,
  }));

  return {
    summary,
    keys,
    lastImport:
      last && lastDiff?.success
        ? {
            version: last.version,
            issuedAt: last.issued_at,
            importedAt: last.imported_at,
            diff: lastDiff.data,
          }
        : null,
    received,
    receivedTotal,
    alarms,
    transport: transportView(ws, nodeId),
    outbox: outboxView(ws, nodeId),
  };
}

/** The peer's transport settings without the secret; null when none is set. */
export function transportView(ws: Workspace, nodeId: string): TransportView | null {
  const settings = getPeerTransport(ws.sqlite, nodeId);
  if (!settings) return null;
  if (settings.kind === 'folder') {
    return { kind: 'folder', path: settings.config.path, updatedAt: settings.updatedAt };
  }
  return {
    kind: 'webdav',
    baseUrl: settings.config.baseUrl,
    authKind: settings.config.authKind,
    username: settings.config.username ?? null,
    hasSecret: settings.hasSecret,
    updatedAt: settings.updatedAt,
  };
}

/** What waits in the outbox for the peer; null when nothing was ever queued for it. */
export function outboxView(ws: Workspace, nodeId: string): OutboxView | null {
  const state = outboxState(ws.sqlite).find((entry) => entry.peerId === nodeId);
  if (!state) return null;
  return {
    pending: state.pending,
    oldestPendingAt: state.oldestPendingAt,
    nextAttemptAt: state.nextAttemptAt,
    lastError: state.lastError,
    lastSentAt: state.lastSentAt,
  };
}

export interface ReplicaQuery {
  peer: string;
  kind: SnapshotRecordKind;
  offset: number;
  limit: number;
  q?: string | undefined;
}

/** `%text%` for LIKE, with the wildcards the user typed taken literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface PageSql {
  /** FROM and WHERE, with `?` for the peer first and then for each search term. */
  from: string;
  search: string;
  searchTerms: number;
  select: string;
  order: string;
}

/**
 * Each kind's page, ordered by an index that starts with the owner (so a page of 50,000 grants
 * is read in order, not sorted): charters newest first, datasets by identifier, principals by
 * organisation and name, grants and endorsements in replica-record order.
 */
const pageSql: Record<SnapshotRecordKind, PageSql> = {
  charter: {
    select: 'c.id, c.version, c.title, c.status, c.published_at',
    from: 'FROM charter_version c WHERE c.owner_node = ?',
    search: "c.title LIKE ? ESCAPE '\\'",
    searchTerms: 1,
    order: 'ORDER BY c.version DESC',
  },
  dataset: {
    select: 'd.*',
    from: 'FROM dataset d WHERE d.owner_node = ?',
    search: "(d.identifier LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\')",
    searchTerms: 2,
    order: 'ORDER BY d.identifier',
  },
  principal: {
    select: 'p.*',
    from: 'FROM principal p WHERE p.owner_node = ?',
    search: "(p.name LIKE ? ESCAPE '\\' OR p.organisation LIKE ? ESCAPE '\\')",
    searchTerms: 2,
    order: 'ORDER BY p.organisation COLLATE NOCASE, p.name COLLATE NOCASE',
  },
  grant: {
    select:
      'g.*, p.name AS principal_name, p.organisation AS principal_organisation, d.identifier AS dataset_identifier',
    from: `FROM replica_record r
      JOIN access_grant g ON g.id = r.record_id
      LEFT JOIN principal p ON p.id = g.principal_id
      LEFT JOIN dataset d ON d.id = g.dataset_id
      WHERE r.peer_id = ? AND r.kind = 'grant'`,
    search:
      "(p.name LIKE ? ESCAPE '\\' OR d.identifier LIKE ? ESCAPE '\\' OR g.purpose LIKE ? ESCAPE '\\')",
    searchTerms: 3,
    order: 'ORDER BY r.record_id',
  },
  endorsement: {
    select: 'e.*',
    from: 'FROM charter_endorsement e WHERE e.owner_node = ?',
    search: "e.note LIKE ? ESCAPE '\\'",
    searchTerms: 1,
    order: 'ORDER BY e.charter_version DESC',
  },
};

type Row = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : String(value));
const nullableText = (value: unknown): string | null =>
  value === null || value === undefined ? null : text(value);

/**
 * One page of a peer's replicas of one kind, read-only and labelled for people, with when the
 * peer issued the snapshot they are as of (and whether that snapshot has expired).
 */
export function replicaPage(ws: Workspace, query: ReplicaQuery, now = new Date()): ReplicaPage {
  const peer = peerSummary(ws, query.peer, now);
  const spec = pageSql[query.kind];
  const q = query.q?.trim() ?? '';
  const terms = q === '' ? [] : Array<string>(spec.searchTerms).fill(likePattern(q));
  const where = q === '' ? spec.from : `${spec.from} AND ${spec.search}`;
  const total =
    q === ''
      ? (ws.sqlite
          .prepare('SELECT count(*) FROM replica_record WHERE peer_id = ? AND kind = ?')
          .pluck()
          .get(query.peer, query.kind) as number)
      : (ws.sqlite
          .prepare(`SELECT count(*) ${where}`)
          .pluck()
          .get(query.peer, ...terms) as number);
  const rows = ws.sqlite
    .prepare(`SELECT ${spec.select} ${where} ${spec.order} LIMIT ? OFFSET ?`)
    .all(query.peer, ...terms, query.limit, query.offset) as Row[];
  const item = itemMaker(ws, query.kind, query.peer, now);
  return {
    peer: peer.nodeId,
    organisation: peer.organisation,
    asOf: peer.lastReceived?.issuedAt ?? null,
    stale: peer.stale,
    kind: query.kind,
    total,
    offset: query.offset,
    rows: rows.map(item),
  };
}

function itemMaker(
  ws: Workspace,
  kind: SnapshotRecordKind,
  peer: string,
  now: Date,
): (row: Row) => ReplicaItem {
  switch (kind) {
    case 'charter': {
      const endorsed = ws.sqlite.prepare(
        'SELECT endorsed_at, endorsed_by, note FROM charter_endorsement WHERE owner_node = ? AND charter_owner = ? AND charter_version = ?',
      );
      return (row) => {
        const own = endorsed.get(ws.node.nodeId, peer, row.version) as
          { endorsed_at: string; endorsed_by: string; note: string } | undefined;
        return {
          kind: 'charter',
          id: text(row.id),
          version: Number(row.version),
          title: text(row.title),
          status: charterStatusSchema.parse(row.status),
          publishedAt: nullableText(row.published_at),
          endorsement: own ? { at: own.endorsed_at, by: own.endorsed_by, note: own.note } : null,
        };
      };
    }
    case 'dataset':
      return (row) => {
        const dataset = datasetFromRow(row as Parameters<typeof datasetFromRow>[0]);
        return {
          kind: 'dataset',
          id: dataset.id,
          identifier: dataset.identifier,
          title: dataset.title,
          category: dataset.category,
          sensitivity: dataset.sensitivity,
          status: dataset.status,
          updatedAt: dataset.updatedAt,
        };
      };
    case 'principal':
      return (row) => ({
        kind: 'principal',
        id: text(row.id),
        name: text(row.name),
        organisation: text(row.organisation),
        principalKind: principalKindSchema.parse(row.kind),
        tier: nullableText(row.tier),
      });
    case 'grant': {
      const today = todayOf(now.toISOString());
      return (row) => {
        const grant = grantFromRow(row as unknown as GrantRow, today);
        const principal =
          row.principal_name === null || row.principal_name === undefined
            ? 'an unknown principal'
            : `${text(row.principal_name)} (${text(row.principal_organisation)})`;
        return {
          kind: 'grant',
          id: grant.id,
          principal,
          dataset: nullableText(row.dataset_identifier) ?? 'an unknown dataset',
          level: grant.level,
          purpose: grant.purpose,
          status: grant.status,
          start: grant.start,
          until: grant.until,
        };
      };
    }
    case 'endorsement':
      return (row) => ({
        kind: 'endorsement',
        id: text(row.id),
        charterVersion: Number(row.charter_version),
        endorsedBy: text(row.endorsed_by),
        endorsedAt: text(row.endorsed_at),
        note: text(row.note),
      });
  }
}
