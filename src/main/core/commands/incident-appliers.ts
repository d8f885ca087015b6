import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { IncidentSeverity, IncidentStepKind } from '../../../shared/domain/incident';
import { assertNever } from '../../../shared/errors';
import { qb, run } from '../db/sql';
import type { IncidentEvent } from './incident-events';

/**
 * Appends a step to the incident's history, numbered by the version the incident now has (so
 * it runs after the row's update) and with the severity it now has.
 */
function recordStep(
  sqlite: Database.Database,
  kind: IncidentStepKind,
  stamp: { id: string; by: string; at: string },
  extra: { severity?: IncidentSeverity; to?: string; note?: string } = {},
): void {
  run(
    sqlite,
    qb.insertInto('incident_step').values({
      incident_id: stamp.id,
      step: sql<number>`(SELECT version FROM incident WHERE id = ${stamp.id})`,
      kind,
      by: stamp.by,
      at: stamp.at,
      severity:
        extra.severity ?? sql<string>`(SELECT severity FROM incident WHERE id = ${stamp.id})`,
      escalated_to: extra.to ?? null,
      note: extra.note ?? null,
    }),
  );
}

export function applyIncidentEvent(sqlite: Database.Database, event: IncidentEvent): void {
  switch (event.type) {
    case 'incident.recorded': {
      const p = event.payload;
      run(
        sqlite,
        qb.insertInto('incident').values({
          id: p.id,
          owner_node: p.ownerNode,
          title: p.title,
          description: p.description,
          severity: p.severity,
          status: 'open',
          subject_kind: p.subject.kind,
          subject_ref: p.subject.ref,
          reporter: p.reporter,
          recorded_by: p.by,
          recorded_at: p.at,
          version: 1,
        }),
      );
      recordStep(sqlite, 'recorded', p, { severity: p.severity });
      return;
    }
    case 'incident.escalated': {
      const p = event.payload;
      run(
        sqlite,
        qb
          .updateTable('incident')
          .set((eb) => ({
            status: 'escalated',
            severity: p.severity,
            escalated_by: p.by,
            escalated_at: p.at,
            escalated_to: p.to,
            escalation_note: p.note,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', p.id),
      );
      recordStep(sqlite, 'escalated', p, { severity: p.severity, to: p.to, note: p.note });
      return;
    }
    case 'incident.resolved': {
      const p = event.payload;
      run(
        sqlite,
        qb
          .updateTable('incident')
          .set((eb) => ({
            status: 'resolved',
            resolved_by: p.by,
            resolved_at: p.at,
            resolution: p.resolution,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', p.id),
      );
      recordStep(sqlite, 'resolved', p, { note: p.resolution });
      return;
    }
    default:
      assertNever(event, 'event');
  }
}
