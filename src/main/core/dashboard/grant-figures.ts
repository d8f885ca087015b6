import { sql } from 'kysely';
import { isoDayNumber } from '../../../shared/domain/access';
import {
  EXPIRING_WITHIN_DAYS,
  type GrantFigures,
  type LiveGrantStatus,
  liveGrantStatusSchema,
  SOONEST_EXPIRING_SHOWN,
} from '../../../shared/domain/dashboard';
import { AppError } from '../../../shared/errors';
import { countOutOfBounds } from '../access/live-grants';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const number = isoDayNumber(day);
  if (number === null)
    throw new AppError('INVALID_INPUT', `"${day}" is not a date like 2026-11-23.`);
  return new Date((number + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Live grants by the status they have on `today`, counted by SQLite in one table scan (no
 * index holds the stored status; about 0.1 s at 200,000 grants, and the summary is cached). The cases are
 * deriveGrantStatus's: revoked and expired grants (until_day reached) are left out, and an
 * approved grant is active from its start day.
 */
function countLiveByStatus(ws: Workspace, today: string): Record<LiveGrantStatus, number> {
  const derived = sql<string>`CASE WHEN status = 'approved' AND start_day <= ${today} THEN 'active' ELSE status END`;
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('access_grant')
      .select([derived.as('derived'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('owner_node', '=', ws.node.nodeId)
      .where('status', '!=', 'revoked')
      // The unary `+` keeps SQLite off the until_day index: most grants are live, and reading
      // each one through the index (then its row) costs about three times a plain table scan.
      .where(sql<boolean>`(+until_day IS NULL OR +until_day > ${today})`)
      .groupBy('derived'),
  );
  const counts: Record<LiveGrantStatus, number> = {
    requested: 0,
    approved: 0,
    active: 0,
    suspended: 0,
  };
  for (const row of rows) {
    const status = liveGrantStatusSchema.safeParse(row.derived);
    if (status.success) counts[status.data] = row.n;
  }
  return counts;
}

/**
 * Active or approved grants (stored as approved) that end after today and by `untilBy`: the
 * access list's `status=active,approved&untilBy=…` view. Walks the until_day index.
 */
function expiringQuery(ws: Workspace, today: string, untilBy: string) {
  return qb
    .selectFrom('access_grant as g')
    .where('g.owner_node', '=', ws.node.nodeId)
    .where('g.status', '=', 'approved')
    .where('g.until_day', '>', today)
    .where('g.until_day', '<=', untilBy);
}

function expiringFigures(ws: Workspace, today: string): GrantFigures['expiring'] {
  const untilBy = addDays(today, EXPIRING_WITHIN_DAYS);
  const count =
    first(
      ws.sqlite,
      expiringQuery(ws, today, untilBy).select((eb) => eb.fn.countAll<number>().as('n')),
    )?.n ?? 0;
  const soonest = all(
    ws.sqlite,
    expiringQuery(ws, today, untilBy)
      .innerJoin('principal as p', 'p.id', 'g.principal_id')
      .innerJoin('dataset as d', 'd.id', 'g.dataset_id')
      .select(['g.id', 'g.until_day', 'p.name', 'p.organisation', 'd.identifier'])
      .orderBy('g.until_day')
      .orderBy('g.id')
      .limit(SOONEST_EXPIRING_SHOWN),
  );
  return {
    untilBy,
    count,
    soonest: soonest.map((row) => ({
      id: row.id,
      principalName: row.name,
      organisation: row.organisation,
      datasetIdentifier: row.identifier,
      // The query keeps only rows whose until_day is set.
      until: row.until_day ?? untilBy,
    })),
  };
}

/** The dashboard's figures on grants, for `today`. */
export function grantFigures(ws: Workspace, today: string): GrantFigures {
  return {
    expiring: expiringFigures(ws, today),
    outOfBounds: countOutOfBounds(ws, today),
    byStatus: countLiveByStatus(ws, today),
  };
}
