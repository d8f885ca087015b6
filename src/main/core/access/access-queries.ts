import type { Selectable } from 'kysely';
import { z } from 'zod';
import {
  type GrantRecord,
  grantRequestSchema,
  type GrantRequest,
  type GrantStamp,
  type GrantStatus,
  type PolicyDecision,
  type Principal,
  principalKindSchema,
  type PrincipalRecord,
  type StoredGrantStatus,
  storedGrantStatusSchema,
} from '../../../shared/domain/access';
import { legalBasisSchema } from '../../../shared/domain/charter';
import type { Dataset } from '../../../shared/domain/dataset';
import { decideGrant } from '../../../shared/domain/policy';
import { AppError } from '../../../shared/errors';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import { findDataset, findDatasetByIdentifier } from '../catalog/catalog-queries';
import { getGoverningCharter } from '../charter/charter-queries';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

/** Today as the command layer and the queries see it: the UTC calendar day. */
export function todayOf(timestamp: string = new Date().toISOString()): string {
  return timestamp.slice(0, 10);
}

/**
 * The status a grant has on `today`. Days are YYYY-MM-DD, so they compare as strings. A grant
 * that reaches its end day expires whatever step it was at (a request nobody approved in time
 * runs out too); a revoked one stays revoked. An approved grant is active from its start day.
 */
export function deriveGrantStatus(
  grant: { storedStatus: StoredGrantStatus; start: string; until: string | null },
  today: string,
): GrantStatus {
  if (grant.storedStatus === 'revoked') return 'revoked';
  if (grant.until !== null && today >= grant.until) return 'expired';
  if (grant.storedStatus === 'approved') return today >= grant.start ? 'active' : 'approved';
  return grant.storedStatus;
}

const legalBasisList = z.array(legalBasisSchema);

type PrincipalRow = Selectable<DB['principal']>;
export type GrantRow = Selectable<DB['access_grant']>;

function principalFromRow(row: PrincipalRow): PrincipalRecord {
  return {
    id: row.id,
    ownerNode: row.owner_node,
    kind: principalKindSchema.parse(row.kind),
    name: row.name,
    organisation: row.organisation,
    tier: row.tier,
    legalBases: legalBasisList.parse(JSON.parse(row.legal_bases)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function stampOf(by: string | null, at: string | null): GrantStamp | null {
  return by !== null && at !== null ? { by, at } : null;
}

export function grantFromRow(row: GrantRow, today: string): GrantRecord {
  const storedStatus = storedGrantStatusSchema.parse(row.status);
  const revoked = stampOf(row.revoked_by, row.revoked_at);
  return {
    id: row.id,
    ownerNode: row.owner_node,
    principalId: row.principal_id,
    datasetId: row.dataset_id,
    level: row.level,
    purpose: row.purpose,
    start: row.start_day,
    until: row.until_day,
    justification: row.justification,
    storedStatus,
    status: deriveGrantStatus({ storedStatus, start: row.start_day, until: row.until_day }, today),
    requested: { by: row.requested_by, at: row.requested_at },
    approved: stampOf(row.approved_by, row.approved_at),
    revoked: revoked && { ...revoked, reason: row.revoke_reason ?? '' },
    version: row.version,
  };
}

/** The principal as the policy engine reads it. */
export function policyPrincipal(record: PrincipalRecord): Principal {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    organisation: record.organisation,
    tier: record.tier,
    legalBases: record.legalBases,
  };
}

/** This node's principals, by organisation then name. */
export function listPrincipals(ws: Workspace): PrincipalRecord[] {
  return all(
    ws.sqlite,
    qb
      .selectFrom('principal')
      .selectAll()
      .where('owner_node', '=', ws.node.nodeId)
      .orderBy('organisation')
      .orderBy('name')
      .orderBy('id'),
  ).map(principalFromRow);
}

export function findPrincipal(ws: Workspace, id: string): PrincipalRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('principal').selectAll().where('id', '=', id));
  return row ? principalFromRow(row) : undefined;
}

export function getPrincipal(ws: Workspace, id: string): PrincipalRecord {
  const found = findPrincipal(ws, id);
  if (!found) throw new AppError('NOT_FOUND', `No principal with id ${id} in this workspace.`);
  return found;
}

/** A principal named by id or, failing that, by its name when only one has it (the CLI). */
export function resolvePrincipal(ws: Workspace, ref: string): PrincipalRecord {
  const byId = findPrincipal(ws, ref);
  if (byId) return byId;
  const named = listPrincipals(ws).filter(
    (principal) => principal.name.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (named.length === 1 && named[0]) return named[0];
  throw new AppError(
    'NOT_FOUND',
    named.length > 1
      ? `Several principals are named "${ref}" (${named.map((p) => `${p.organisation}: ${p.id}`).join(', ')}); name one by its id.`
      : `No principal has the id or name "${ref}".`,
  );
}

/** A dataset named by id or by this node's identifier for it. */
export function resolveDataset(ws: Workspace, ref: string): Dataset {
  const found = findDatasetByIdentifier(ws, ws.node.nodeId, ref) ?? findDataset(ws, ref);
  if (!found) throw new AppError('NOT_FOUND', `No dataset has the id or identifier "${ref}".`);
  return found;
}

export function findGrant(
  ws: Workspace,
  id: string,
  today: string = todayOf(),
): GrantRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('access_grant').selectAll().where('id', '=', id));
  return row ? grantFromRow(row, today) : undefined;
}

export function getGrant(ws: Workspace, id: string, today: string = todayOf()): GrantRecord {
  const found = findGrant(ws, id, today);
  if (!found) throw new AppError('NOT_FOUND', `No grant with id ${id} in this workspace.`);
  return found;
}

/**
 * Decides a request against the governing charter and the current records. Every caller —
 * explain, a new request, an approval, a listing — comes through here, so they agree.
 */
export function decideRequest(
  ws: Workspace,
  request: GrantRequest,
  principal: PrincipalRecord,
  dataset: Dataset,
  today: string,
): PolicyDecision {
  return decideGrant({
    request,
    principal: policyPrincipal(principal),
    dataset,
    charter: getGoverningCharter(ws)?.content ?? null,
    today,
  });
}

/** What explain takes: a request whose principal and dataset may be named loosely. */
export type ExplainInput = Omit<z.input<typeof grantRequestSchema>, 'justification' | 'start'> & {
  start?: string;
  justification?: string;
};

/**
 * The policy's decision on a request that is not written: the grant form's live verdict and
 * the CLI's `access explain`. Principal and dataset may be named by id (or name, identifier);
 * the start defaults to today. Malformed input is INVALID_INPUT, an unknown principal or
 * dataset NOT_FOUND; anything the charter does not know is a deny with its reason.
 */
export function explainGrant(
  ws: Workspace,
  input: ExplainInput,
  today: string = todayOf(),
): PolicyDecision {
  const principal = resolvePrincipal(ws, input.principalId);
  const dataset = resolveDataset(ws, input.datasetId);
  const request = parseGrantRequest({
    ...input,
    principalId: principal.id,
    datasetId: dataset.id,
    start: input.start ?? today,
    // The policy does not read the justification; a request to explain needs none.
    justification: input.justification ?? 'Explain only',
  });
  return decideRequest(ws, request, principal, dataset, today);
}

/** Parses a grant request; INVALID_INPUT names each bad field. */
export function parseGrantRequest(value: unknown): GrantRequest {
  return parseOrRefuse(grantRequestSchema, value, 'The grant request is not valid');
}
