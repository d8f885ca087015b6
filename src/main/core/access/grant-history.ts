import { z } from 'zod';
import {
  type GrantDetail,
  type GrantStep,
  grantStepKindSchema,
  grantStepSourceSchema,
  requestOfGrant,
} from '../../../shared/domain/access';
import { AppError } from '../../../shared/errors';
import { all, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import { decideRequest, getPrincipal, todayOf } from './access-queries';
import { listGrantPage } from './grant-page-query';
import { getDataset } from '../catalog/catalog-queries';

const narrowingDetail = z.strictObject({
  from: z.strictObject({ level: z.string(), until: z.string().nullable() }),
  to: z.strictObject({ level: z.string(), until: z.string().nullable() }),
});

/** Every step of a grant's life, oldest first (grant_step, 0006_grant_history.sql). */
export function grantHistory(ws: Workspace, grantId: string): GrantStep[] {
  const rows = all(
    ws.sqlite,
    qb.selectFrom('grant_step').selectAll().where('grant_id', '=', grantId).orderBy('step'),
  );
  return rows.map((row) => ({
    step: row.step,
    kind: grantStepKindSchema.parse(row.kind),
    by: row.by,
    at: row.at,
    reason: row.reason,
    narrowed: row.detail === null ? null : narrowingDetail.parse(JSON.parse(row.detail)),
    source:
      row.source_kind === null || row.source_id === null
        ? null
        : grantStepSourceSchema.parse({ kind: row.source_kind, id: row.source_id }),
  }));
}

/**
 * The explain panel for a stored grant: the grant as listed, every check the policy makes on
 * it under the charter that governs now, and its history.
 */
export function grantDetail(ws: Workspace, grantId: string, today = todayOf()): GrantDetail {
  const [grant] = listGrantPage(
    ws,
    { grantId, sort: { field: 'requestedAt', direction: 'asc' }, offset: 0, limit: 1 },
    today,
  ).rows;
  if (!grant) throw new AppError('NOT_FOUND', `No grant with id ${grantId} in this workspace.`);
  const { request, asOf } = requestOfGrant(grant, today);
  const decision = decideRequest(
    ws,
    request,
    getPrincipal(ws, grant.principalId),
    getDataset(ws, grant.datasetId),
    asOf,
  );
  return { grant, decision, history: grantHistory(ws, grantId) };
}
