import type Database from 'better-sqlite3';
import { sql, type UpdateObject } from 'kysely';
import type { GrantStepKind, GrantStepSource } from '../../../shared/domain/access';
import { assertNever } from '../../../shared/errors';
import type { DB } from '../db/schema';
import { first, qb, run } from '../db/sql';
import { canonicalize } from '../ledger/canonical-json';
import type { DomainEvent } from './events';

type AccessEvent = Extract<DomainEvent, { type: `principal.${string}` | `grant.${string}` }>;

/** Grant lifecycle steps bump the row's version, so a stale screen can be told apart. */
function updateGrant(
  sqlite: Database.Database,
  id: string,
  values: UpdateObject<DB, 'access_grant'>,
): void {
  run(
    sqlite,
    qb
      .updateTable('access_grant')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('id', '=', id),
  );
}

export function applyAccessEvent(sqlite: Database.Database, event: AccessEvent): void {
  switch (event.type) {
    case 'principal.added': {
      const p = event.payload;
      run(
        sqlite,
        qb.insertInto('principal').values({
          id: p.id,
          owner_node: p.ownerNode,
          kind: p.kind,
          name: p.name,
          organisation: p.organisation,
          tier: p.tier,
          legal_bases: canonicalize(p.legalBases),
          created_at: p.at,
          updated_at: p.at,
          version: 1,
        }),
      );
      return;
    }
    case 'principal.updated': {
      const p = event.payload;
      run(
        sqlite,
        qb
          .updateTable('principal')
          .set({
            kind: p.kind,
            name: p.name,
            organisation: p.organisation,
            tier: p.tier,
            legal_bases: canonicalize(p.legalBases),
            updated_at: p.at,
            version: p.version,
          })
          .where('id', '=', p.id),
      );
      return;
    }
    case 'grant.requested': {
      const p = event.payload;
      run(
        sqlite,
        qb.insertInto('access_grant').values({
          id: p.id,
          owner_node: p.ownerNode,
          principal_id: p.principalId,
          dataset_id: p.datasetId,
          level: p.level,
          purpose: p.purpose,
          start_day: p.start,
          until_day: p.until,
          justification: p.justification,
          status: 'requested',
          requested_by: p.by,
          requested_at: p.at,
          version: 1,
        }),
      );
      recordStep(sqlite, 'requested', p);
      return;
    }
    case 'grant.approved':
      updateGrant(sqlite, event.payload.id, {
        status: 'approved',
        approved_by: event.payload.by,
        approved_at: event.payload.at,
      });
      recordStep(sqlite, 'approved', event.payload);
      return;
    case 'grant.revoked':
      updateGrant(sqlite, event.payload.id, {
        status: 'revoked',
        revoked_by: event.payload.by,
        revoked_at: event.payload.at,
        revoke_reason: event.payload.reason,
      });
      recordStep(sqlite, 'revoked', event.payload);
      return;
    case 'grant.suspended':
      updateGrant(sqlite, event.payload.id, { status: 'suspended' });
      recordStep(sqlite, 'suspended', event.payload);
      return;
    case 'grant.reinstated':
      updateGrant(sqlite, event.payload.id, { status: 'approved' });
      recordStep(sqlite, 'reinstated', event.payload);
      return;
    case 'grant.narrowed': {
      const p = event.payload;
      const before = first(
        sqlite,
        qb.selectFrom('access_grant').select(['level', 'until_day']).where('id', '=', p.id),
      );
      updateGrant(sqlite, p.id, { level: p.level, until_day: p.until });
      recordStep(sqlite, 'narrowed', p, {
        from: { level: before?.level ?? null, until: before?.until_day ?? null },
        to: { level: p.level, until: p.until },
      });
      return;
    }
    default:
      assertNever(event, 'event');
  }
}

/**
 * Appends a step to the grant's history, numbered by the version the grant now has (so it runs
 * after the row's update).
 */
function recordStep(
  sqlite: Database.Database,
  kind: GrantStepKind,
  stamp: { id: string; by: string; at: string; reason?: string; source?: GrantStepSource },
  detail?: unknown,
): void {
  run(
    sqlite,
    qb.insertInto('grant_step').values({
      grant_id: stamp.id,
      step: sql<number>`(SELECT version FROM access_grant WHERE id = ${stamp.id})`,
      kind,
      by: stamp.by,
      at: stamp.at,
      reason: stamp.reason ?? null,
      detail: detail === undefined ? null : canonicalize(detail),
      source_kind: stamp.source?.kind ?? null,
      source_id: stamp.source?.id ?? null,
    }),
  );
}
