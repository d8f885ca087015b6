import type Database from 'better-sqlite3';
import { assertNever } from '../../../shared/errors';
import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { indexDatasetForSearch } from '../catalog/dataset-row';
import { insertRow, qb, run, runRaw } from '../db/sql';
import { canonicalize } from '../ledger/canonical-json';
import { parseVerifierKey } from '../ledger/note-keys';
import { replicaColumns, replicaTables } from '../sync/replica-tables';
import type { ReplicaUpsert, SyncEvent } from './sync-events';

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

interface ReplicaSql {
  exists: string;
  insert: string;
  /** SET every column but id, in column order, then WHERE id = ?. */
  update: string;
  columns: readonly string[];
  updateColumns: readonly string[];
}

const replicaSql = new Map<SnapshotRecordKind, ReplicaSql>();

/** A kind's statements, written once; `prepared` keeps them compiled per connection. */
function replicaSqlFor(kind: SnapshotRecordKind): ReplicaSql {
  let sql = replicaSql.get(kind);
  if (!sql) {
    const table = replicaTables[kind];
    const columns = replicaColumns(kind);
    const updateColumns = columns.filter((c) => c !== 'id');
    sql = {
      exists: `SELECT 1 FROM ${table} WHERE id = ?`,
      insert: `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns
        .map(() => '?')
        .join(', ')})`,
      update: `UPDATE ${table} SET ${updateColumns.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`,
      columns,
      updateColumns,
    };
    replicaSql.set(kind, sql);
  }
  return sql;
}

/**
 * Writes one replica row: an INSERT when the row is new, an UPDATE of every column when it is
 * not, which is what `INSERT … ON CONFLICT (id) DO UPDATE` did. Split because that upsert
 * costs about three times a plain INSERT on the dataset table even without a conflict (it
 * carries the search index's update trigger). Datasets also enter the catalog's search index:
 * a new one by hand, as dataset.created does, a changed one through the index's update trigger.
 */
function upsertReplica(sqlite: Database.Database, peer: string, upsert: ReplicaUpsert): void {
  const { kind, row } = upsert;
  const sql = replicaSqlFor(kind);
  if (prepared(sqlite, sql.exists).get(upsert.id) === undefined) {
    const { lastInsertRowid } = prepared(sqlite, sql.insert).run(
      ...sql.columns.map((column) => row[column] ?? null),
    );
    if (kind === 'dataset') {
      // row_key is the table's INTEGER PRIMARY KEY, so the insert's rowid is it.
      indexDatasetForSearch(sqlite, lastInsertRowid, {
        identifier: String(row.identifier),
        title: String(row.title),
        description: String(row.description),
        steward: String(row.steward),
        holder: String(row.holder),
        category: String(row.category),
        tags: String(row.tags),
        formats: String(row.formats),
      } as Parameters<typeof indexDatasetForSearch>[2]);
    }
  } else {
    prepared(sqlite, sql.update).run(
      ...sql.updateColumns.map((column) => row[column] ?? null),
      upsert.id,
    );
  }
  prepared(
    sqlite,
    'INSERT INTO replica_record (peer_id, kind, record_id, digest) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET digest = excluded.digest',
  ).run(peer, kind, upsert.id, upsert.digest);
}

function removeReplica(
  sqlite: Database.Database,
  peer: string,
  kind: SnapshotRecordKind,
  id: string,
): void {
  // Only the peer's own rows: a replica never removes what this node (or another peer) owns.
  runRaw(sqlite, `DELETE FROM ${replicaTables[kind]} WHERE id = ? AND owner_node = ?`, id, peer);
  runRaw(
    sqlite,
    'DELETE FROM replica_record WHERE peer_id = ? AND kind = ? AND record_id = ?',
    peer,
    kind,
    id,
  );
}

export function applySyncEvent(sqlite: Database.Database, event: SyncEvent): void {
  switch (event.type) {
    case 'peer.added': {
      const p = event.payload;
      const colleague = p.terms.relationship === 'colleague' ? p.terms : null;
      insertRow(sqlite, 'peer', {
        node_id: p.nodeId,
        organisation: p.organisation,
        operator: p.operator,
        card_roles: JSON.stringify(p.cardRoles),
        vkey: p.vkey,
        fingerprint: p.fingerprint,
        relationship: p.terms.relationship,
        tier: p.terms.relationship === 'partner' ? p.terms.tier : null,
        roles: JSON.stringify(colleague?.roles ?? []),
        governs: colleague?.governs ? 1 : 0,
        status: 'trusted',
        card: p.card,
        added_by: p.by,
        added_at: p.at,
        revoked_by: null,
        revoked_at: null,
        revoke_reason: null,
      });
      insertRow(sqlite, 'peer_key', {
        peer_id: p.nodeId,
        vkey: p.vkey,
        fingerprint: p.fingerprint,
        trusted_at: p.at,
        retired_at: null,
        statement: null,
      });
      return;
    }
    case 'peer.updated': {
      const { nodeId, terms } = event.payload;
      const colleague = terms.relationship === 'colleague' ? terms : null;
      run(
        sqlite,
        qb
          .updateTable('peer')
          .set({
            relationship: terms.relationship,
            tier: terms.relationship === 'partner' ? terms.tier : null,
            roles: JSON.stringify(colleague?.roles ?? []),
            governs: colleague?.governs ? 1 : 0,
          })
          .where('node_id', '=', nodeId),
      );
      return;
    }
    case 'peer.revoked': {
      const { nodeId, reason, by, at } = event.payload;
      run(
        sqlite,
        qb
          .updateTable('peer')
          .set({
            status: 'revoked',
            governs: 0,
            revoked_by: by,
            revoked_at: at,
            revoke_reason: reason,
          })
          .where('node_id', '=', nodeId),
      );
      return;
    }
    case 'peer.key_rotated': {
      const { nodeId, vkey, fingerprint, statement, at } = event.payload;
      run(
        sqlite,
        qb
          .updateTable('peer_key')
          .set({ retired_at: at })
          .where('peer_id', '=', nodeId)
          .where('retired_at', 'is', null),
      );
      insertRow(sqlite, 'peer_key', {
        peer_id: nodeId,
        vkey,
        fingerprint,
        trusted_at: at,
        retired_at: null,
        statement,
      });
      run(sqlite, qb.updateTable('peer').set({ vkey, fingerprint }).where('node_id', '=', nodeId));
      return;
    }
    case 'node.key_rotated': {
      const { keyName, vkey, at } = event.payload;
      insertRow(sqlite, 'node_key', {
        key_name: `${keyName}#${at}`,
        public_key: parseVerifierKey(vkey).publicKey,
        vkey,
        created_at: at,
      });
      return;
    }
    case 'snapshot.issued': {
      const p = event.payload;
      insertRow(sqlite, 'snapshot_sent', {
        peer_id: p.peer,
        version: p.version,
        digest: p.digest,
        issued_at: p.issuedAt,
        expires_at: p.expiresAt,
        checkpoint_size: p.checkpointSize,
        records: p.records,
        bytes: p.bytes,
      });
      return;
    }
    case 'replica.records': {
      const { peer, upserts, removes } = event.payload;
      for (const remove of removes) removeReplica(sqlite, peer, remove.kind, remove.id);
      for (const upsert of upserts) upsertReplica(sqlite, peer, upsert);
      return;
    }
    case 'snapshot.imported': {
      const p = event.payload;
      insertRow(sqlite, 'snapshot_received', {
        peer_id: p.peer,
        version: p.version,
        digest: p.digest,
        issued_at: p.issuedAt,
        expires_at: p.expiresAt,
        imported_at: p.at,
        checkpoint: p.checkpoint,
        checkpoint_size: p.checkpointSize,
        added: p.diff.counts.added,
        changed: p.diff.counts.changed,
        removed: p.diff.counts.removed,
        // Canonical: the ledger stores the payload canonically, so a replay writes the same text.
        diff: canonicalize(p.diff),
        parts: canonicalize(p.parts ?? []),
      });
      return;
    }
    case 'charter.endorsed': {
      const p = event.payload;
      insertRow(sqlite, 'charter_endorsement', {
        id: p.id,
        owner_node: nodeIdOf(sqlite),
        charter_owner: p.charterOwner,
        charter_id: p.charterId,
        charter_version: p.charterVersion,
        content_digest: p.contentDigest,
        endorsed_by: p.by,
        endorsed_at: p.at,
        note: p.note,
        statement: p.statement,
      });
      return;
    }
    case 'sync.alarm_raised': {
      const p = event.payload;
      insertRow(sqlite, 'sync_alarm', {
        id: p.id,
        peer_id: p.peer,
        kind: p.kind,
        detail: p.detail,
        evidence: canonicalize(p.evidence),
        raised_at: p.at,
      });
      return;
    }
    default:
      assertNever(event, 'sync event');
  }
}

function nodeIdOf(sqlite: Database.Database): string {
  return (prepared(sqlite, 'SELECT node_id FROM node').get() as { node_id: string }).node_id;
}
