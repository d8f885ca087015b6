import { z } from 'zod';
import { charterContentSchema } from '../../../shared/domain/charter';
import {
  type CharterOverview,
  type CharterVersion,
  type CharterVersionSummary,
  charterStatusSchema,
} from '../../../shared/domain/charter-version';
import { AppError } from '../../../shared/errors';
import { all, first, qb } from '../db/sql';
import type { DB } from '../db/schema';
import type { Selectable } from 'kysely';
import type { Workspace } from '../workspace/workspace';

type CharterRow = Selectable<DB['charter_version']>;

function stamp(by: string | null, at: string | null) {
  return by !== null && at !== null ? { by, at } : null;
}

function summaryFromRow(row: Omit<CharterRow, 'content'>): CharterVersionSummary {
  const approved = stamp(row.approved_by, row.approved_at);
  const returned = stamp(row.returned_by, row.returned_at);
  return {
    id: row.id,
    ownerNode: row.owner_node,
    version: row.version,
    status: charterStatusSchema.parse(row.status),
    title: row.title,
    basedOn: row.based_on,
    revision: row.revision,
    created: { by: row.created_by, at: row.created_at },
    editors: z.array(z.string()).parse(JSON.parse(row.editors)),
    submitted: stamp(row.submitted_by, row.submitted_at),
    approved: approved && { ...approved, note: row.approval_note ?? '' },
    published: stamp(row.published_by, row.published_at),
    supersededAt: row.superseded_at,
    returned: returned && { ...returned, reason: row.return_reason ?? '' },
  };
}

function versionFromRow(row: CharterRow): CharterVersion {
  return { ...summaryFromRow(row), content: charterContentSchema.parse(JSON.parse(row.content)) };
}

const summaryColumns = [
  'id',
  'owner_node',
  'version',
  'status',
  'title',
  'based_on',
  'revision',
  'created_by',
  'created_at',
  'editors',
  'submitted_by',
  'submitted_at',
  'approved_by',
  'approved_at',
  'approval_note',
  'published_by',
  'published_at',
  'superseded_at',
  'returned_by',
  'returned_at',
  'return_reason',
] as const;

/** This node's charter versions, newest first (without their content). */
export function listCharterVersions(ws: Workspace): CharterVersionSummary[] {
  return all(
    ws.sqlite,
    qb
      .selectFrom('charter_version')
      .select(summaryColumns)
      .where('owner_node', '=', ws.node.nodeId)
      .orderBy('version', 'desc'),
  ).map(summaryFromRow);
}

export function findCharterVersion(ws: Workspace, version: number): CharterVersion | undefined {
  const row = first(
    ws.sqlite,
    qb
      .selectFrom('charter_version')
      .selectAll()
      .where('owner_node', '=', ws.node.nodeId)
      .where('version', '=', version),
  );
  return row ? versionFromRow(row) : undefined;
}

export function getCharterVersion(ws: Workspace, version: number): CharterVersion {
  const found = findCharterVersion(ws, version);
  if (!found) {
    throw new AppError('NOT_FOUND', `This workspace has no charter version ${String(version)}.`);
  }
  return found;
}

/**
 * The charter that governs this node's catalog and grants: its own published version or, when a
 * colleague node has been marked as governing it (a steward's laptop under its governance
 * lead), that node's published version as its last snapshot carried it. Null until there is one;
 * the catalog then has no categories to choose from.
 */
export function getGoverningCharter(ws: Workspace): CharterVersion | null {
  const published = first(
    ws.sqlite,
    qb
      .selectFrom('charter_version')
      .select(['id', 'status'])
      .where('owner_node', '=', governingOwner(ws))
      .where('status', '=', 'published'),
  );
  if (!published) return null;
  // A published version's content never changes (the command layer and a trigger see to it),
  // so it is parsed once: every catalog page and every dataset write consults it.
  const cached = governingCache.get(ws);
  if (cached?.id === published.id) return cached;
  const row = first(
    ws.sqlite,
    qb.selectFrom('charter_version').selectAll().where('id', '=', published.id),
  );
  if (!row) return null;
  const version = versionFromRow(row);
  governingCache.set(ws, version);
  return version;
}

const governingCache = new WeakMap<Workspace, CharterVersion>();

/** Whose charter governs this node: a trusted colleague marked as governing, else itself. */
export function governingOwner(ws: Workspace): string {
  const peer = first(
    ws.sqlite,
    qb
      .selectFrom('peer')
      .select('node_id')
      .where('governs', '=', 1)
      .where('status', '=', 'trusted'),
  );
  return peer?.node_id ?? ws.node.nodeId;
}

/** Active governance leads. When there are several, approval must come from a non-author. */
export function activeLeads(ws: Workspace): string[] {
  const leads = ws
    .members()
    .filter((member) => member.active && member.roles.includes('lead'))
    .map((member) => member.name);
  return leads.length > 0 || !ws.node.roles.includes('lead') ? leads : [ws.node.operator];
}

export function charterOverview(ws: Workspace): CharterOverview {
  const versions = listCharterVersions(ws);
  const leads = activeLeads(ws);
  return {
    versions,
    governingVersion: versions.find((v) => v.status === 'published')?.version ?? null,
    openVersion:
      versions.find((v) => ['draft', 'in_review', 'approved'].includes(v.status))?.version ?? null,
    leads,
    separateApprover: leads.length > 1,
  };
}
