import { z } from 'zod';
import {
  type CharterApprovalRecord,
  charterApprovalRecordSchema,
} from '../../../shared/domain/charter-remediation';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import { first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

const approvedEntrySchema = z.object({
  payload: z.object({ approval: charterApprovalRecordSchema.optional() }),
});

/**
 * What the version's current approval recorded about the grants: the impact and the
 * remediations. Read from the approval's own ledger entry (found through the entity index)
 * rather than a projection column: it is shown for one version at a time, and the ledger is
 * where the decision is kept. Null when the version is not approved, or was approved before
 * approvals recorded it.
 */
export function charterApprovalRecord(
  ws: Workspace,
  version: Pick<CharterVersionSummary, 'id' | 'approved'>,
): CharterApprovalRecord | null {
  if (version.approved === null) return null;
  const row = first(
    ws.sqlite,
    qb
      .selectFrom('ledger_entry')
      .select('bytes')
      .where('entity', '=', `charter:${version.id}`)
      .where('type', '=', 'charter.approved')
      .orderBy('seq', 'desc')
      .limit(1),
  );
  if (!row) return null;
  const entry = approvedEntrySchema.parse(JSON.parse(Buffer.from(row.bytes).toString('utf8')));
  return entry.payload.approval ?? null;
}
