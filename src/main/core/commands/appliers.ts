import type Database from 'better-sqlite3';
import { assertNever } from '../../../shared/errors';
import { qb, run } from '../db/sql';
import { parseVerifierKey } from '../ledger/note-keys';
import type { DomainEvent } from './events';

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
      run(
        sqlite,
        qb.insertInto('dataset').values({
          id: d.id,
          owner_node: d.ownerNode,
          identifier: d.identifier,
          title: d.title,
          description: d.description,
          sensitivity: d.sensitivity,
          status: d.status,
          steward: d.steward,
          formats: JSON.stringify(d.formats),
          tags: JSON.stringify(d.tags),
          version: d.version,
          created_at: d.createdAt,
          updated_at: d.updatedAt,
        }),
      );
      return;
    }
    case 'dataset.updated': {
      const { id, version, updatedAt, draft } = event.payload;
      run(
        sqlite,
        qb
          .updateTable('dataset')
          .set({
            identifier: draft.identifier,
            title: draft.title,
            description: draft.description,
            sensitivity: draft.sensitivity,
            status: draft.status,
            steward: draft.steward,
            formats: JSON.stringify(draft.formats),
            tags: JSON.stringify(draft.tags),
            version,
            updated_at: updatedAt,
          })
          .where('id', '=', id),
      );
      return;
    }
    default:
      assertNever(event, 'event');
  }
}
