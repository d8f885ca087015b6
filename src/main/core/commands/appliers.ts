import type Database from 'better-sqlite3';
import { sql, type UpdateObject } from 'kysely';
import { assertNever } from '../../../shared/errors';
import { datasetDraftColumns, indexDatasetForSearch } from '../catalog/dataset-row';
import type { DB } from '../db/schema';
import { insertRow, qb, run } from '../db/sql';
import { canonicalize } from '../ledger/canonical-json';
import { parseVerifierKey } from '../ledger/note-keys';
import { applyAccessEvent } from './access-appliers';
import type { DomainEvent } from './events';
import { applyIncidentEvent } from './incident-appliers';
import { applyReviewEvent } from './review-appliers';
import { applySyncEvent } from './sync-appliers';

function publicKeyOfVkey(vkey: string): Uint8Array {
  return parseVerifierKey(vkey).publicKey;
}

/** The only code that writes projection tables. Runs inside the command's transaction. */
export function applyEvent(sqlite: Database.Database, event: DomainEvent): void {
  switch (event.type) {
    case 'node.initialised': {
      const node = event.payload;
      run(
        sqlite,
        qb.insertInto('node').values({
          singleton: 1,
          node_id: node.nodeId,
          organisation: node.organisation,
          operator: node.operator,
          roles: JSON.stringify(node.roles),
          created_at: node.createdAt,
        }),
      );
      return;
    }
    case 'node.key_registered': {
      const { keyName, vkey, createdAt } = event.payload;
      run(
        sqlite,
        qb.insertInto('node_key').values({
          key_name: keyName,
          public_key: publicKeyOfVkey(vkey),
          vkey,
          created_at: createdAt,
        }),
      );
      return;
    }
    case 'dataset.created': {
      const d = event.payload;
      const columns = datasetDraftColumns(d);
      const { lastInsertRowid } = insertRow(sqlite, 'dataset', {
        id: d.id,
        owner_node: d.ownerNode,
        ...columns,
        version: d.version,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      });
      indexDatasetForSearch(sqlite, lastInsertRowid, columns);
      return;
    }
    case 'dataset.updated': {
      const { id, version, updatedAt, draft } = event.payload;
      run(
        sqlite,
        qb
          .updateTable('dataset')
          .set({ ...datasetDraftColumns(draft), version, updated_at: updatedAt })
          .where('id', '=', id),
      );
      return;
    }
    case 'member.added': {
      const { id, name, roles, addedAt } = event.payload;
      run(
        sqlite,
        qb.insertInto('member').values({
          id,
          name,
          roles: JSON.stringify(roles),
          active: 1,
          added_at: addedAt,
        }),
      );
      return;
    }
    case 'member.updated': {
      const { id, name, roles, active } = event.payload;
      run(
        sqlite,
        qb
          .updateTable('member')
          .set({ name, roles: JSON.stringify(roles), active: active ? 1 : 0 })
          .where('id', '=', id),
      );
      return;
    }
    case 'principal.added':
    case 'principal.updated':
    case 'grant.requested':
    case 'grant.approved':
    case 'grant.revoked':
    case 'grant.suspended':
    case 'grant.reinstated':
    case 'grant.narrowed':
      applyAccessEvent(sqlite, event);
      return;
    case 'incident.recorded':
    case 'incident.escalated':
    case 'incident.resolved':
      applyIncidentEvent(sqlite, event);
      return;
    case 'review.opened':
    case 'review.decided':
    case 'review.closed':
      applyReviewEvent(sqlite, event);
      return;
    case 'peer.added':
    case 'peer.updated':
    case 'peer.revoked':
    case 'peer.key_rotated':
    case 'node.key_rotated':
    case 'snapshot.issued':
    case 'replica.records':
    case 'snapshot.imported':
    case 'charter.endorsed':
    case 'sync.alarm_raised':
      applySyncEvent(sqlite, event);
      return;
    default:
      applyCharterEvent(sqlite, event);
  }
}

type CharterEvent = Exclude<
  Extract<DomainEvent, { type: `charter.${string}` }>,
  { type: 'charter.endorsed' }
>;

function updateCharter(
  sqlite: Database.Database,
  id: string,
  values: UpdateObject<DB, 'charter_version'>,
): void {
  run(sqlite, qb.updateTable('charter_version').set(values).where('id', '=', id));
}

function applyCharterEvent(sqlite: Database.Database, event: CharterEvent): void {
  switch (event.type) {
    case 'charter.draft_created': {
      const p = event.payload;
      run(
        sqlite,
        qb.insertInto('charter_version').values({
          id: p.id,
          owner_node: p.ownerNode,
          version: p.version,
          status: 'draft',
          title: p.content.title,
          content: canonicalize(p.content),
          based_on: p.basedOn,
          revision: 1,
          created_by: p.by,
          created_at: p.at,
          editors: JSON.stringify([p.by]),
        }),
      );
      return;
    }
    case 'charter.draft_saved': {
      const p = event.payload;
      // The editor list is kept in order of first edit, so the author stays first.
      run(
        sqlite,
        qb
          .updateTable('charter_version')
          .set((eb) => ({
            content: canonicalize(p.content),
            title: p.content.title,
            revision: p.revision,
            editors: sql<string>`CASE WHEN EXISTS (SELECT 1 FROM json_each(${eb.ref('editors')}) WHERE value = ${p.by}) THEN editors ELSE json_insert(editors, '$[#]', ${p.by}) END`,
          }))
          .where('id', '=', p.id),
      );
      return;
    }
    case 'charter.submitted':
      updateCharter(sqlite, event.payload.id, {
        status: 'in_review',
        submitted_by: event.payload.by,
        submitted_at: event.payload.at,
        returned_by: null,
        returned_at: null,
        return_reason: null,
      });
      return;
    case 'charter.returned':
      updateCharter(sqlite, event.payload.id, {
        status: 'draft',
        submitted_by: null,
        submitted_at: null,
        approved_by: null,
        approved_at: null,
        approval_note: null,
        returned_by: event.payload.by,
        returned_at: event.payload.at,
        return_reason: event.payload.reason,
      });
      return;
    case 'charter.approved':
      updateCharter(sqlite, event.payload.id, {
        status: 'approved',
        approved_by: event.payload.by,
        approved_at: event.payload.at,
        approval_note: event.payload.note,
      });
      return;
    case 'charter.published': {
      const p = event.payload;
      // The old version steps down first: at most one published version per owner.
      if (p.supersedes) {
        updateCharter(sqlite, p.supersedes, { status: 'superseded', superseded_at: p.at });
      }
      updateCharter(sqlite, p.id, { status: 'published', published_by: p.by, published_at: p.at });
      return;
    }
    case 'charter.draft_discarded':
      run(sqlite, qb.deleteFrom('charter_version').where('id', '=', event.payload.id));
      return;
    default:
      assertNever(event, 'event');
  }
}
