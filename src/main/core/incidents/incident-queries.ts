import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { grantStepKindSchema, type GrantListing } from '../../../shared/domain/access';
import {
  type IncidentDetail,
  type IncidentGrantStep,
  type IncidentList,
  type IncidentListQuery,
  type IncidentRecord,
  incidentSeveritySchema,
  type IncidentStep,
  incidentStatusSchema,
  incidentStepKindSchema,
  type IncidentSubject,
  incidentSubjectKindSchema,
  type OpenIncidentSummary,
} from '../../../shared/domain/incident';
import { AppError } from '../../../shared/errors';
import { listPrincipals, todayOf } from '../access/access-queries';
import { listGrantPage, listGrants } from '../access/grant-page-query';
import type { DB } from '../db/schema';
import { all, first, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';

type IncidentRow = Selectable<DB['incident']>;

/** The most grants an incident's detail lists; the access screen pages through the rest. */
export const GRANTS_IN_SCOPE_LIMIT = 500;

/** Names a subject in words; `describe` is built once per listing so lookups are shared. */
function subjectDescriber(ws: Workspace): (subject: IncidentSubject) => string {
  const datasets = new Map<string, string>();
  const datasetLabel = (id: string): string => {
    let label = datasets.get(id);
    if (label === undefined) {
      const row = first(
        ws.sqlite,
        qb.selectFrom('dataset').select(['identifier', 'title']).where('id', '=', id),
      );
      label = row ? `${row.identifier} (${row.title})` : `dataset ${id} (not in this workspace)`;
      datasets.set(id, label);
    }
    return label;
  };
  return (subject) => {
    switch (subject.kind) {
      case 'partner':
        return subject.ref;
      case 'dataset':
        return datasetLabel(subject.ref);
      case 'grant': {
        const row = first(
          ws.sqlite,
          qb
            .selectFrom('access_grant as g')
            .leftJoin('principal as p', 'p.id', 'g.principal_id')
            .leftJoin('dataset as d', 'd.id', 'g.dataset_id')
            .select(['g.level', 'p.name', 'p.organisation', 'd.identifier'])
            .where('g.id', '=', subject.ref),
        );
        if (!row) return `grant ${subject.ref} (not in this workspace)`;
        return `${row.name ?? '?'} (${row.organisation ?? '?'}) → ${row.identifier ?? '?'}, ${row.level}`;
      }
    }
  };
}

function incidentFromRow(
  row: IncidentRow,
  describe: (subject: IncidentSubject) => string,
): IncidentRecord {
  const subject = { kind: incidentSubjectKindSchema.parse(row.subject_kind), ref: row.subject_ref };
  return {
    id: row.id,
    ownerNode: row.owner_node,
    title: row.title,
    description: row.description,
    severity: incidentSeveritySchema.parse(row.severity),
    status: incidentStatusSchema.parse(row.status),
    subject,
    subjectLabel: describe(subject),
    reporter: row.reporter,
    recorded: { by: row.recorded_by, at: row.recorded_at },
    escalated:
      row.escalated_by !== null && row.escalated_at !== null
        ? {
            by: row.escalated_by,
            at: row.escalated_at,
            to: row.escalated_to ?? '',
            note: row.escalation_note ?? '',
          }
        : null,
    resolved:
      row.resolved_by !== null && row.resolved_at !== null
        ? { by: row.resolved_by, at: row.resolved_at, resolution: row.resolution ?? '' }
        : null,
    version: row.version,
  };
}

/** Unresolved first, then the most severe, then the newest: what needs attention on top. */
const attentionOrder = [
  sql`CASE status WHEN 'resolved' THEN 1 ELSE 0 END`,
  sql`CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`,
  sql`recorded_at DESC`,
  sql`id`,
];

function incidentSelection(ws: Workspace, query: Omit<IncidentListQuery, 'limit'>) {
  let select = qb.selectFrom('incident').where('owner_node', '=', ws.node.nodeId);
  if (query.status !== undefined && query.status.length > 0) {
    select = select.where('status', 'in', query.status);
  }
  if (query.severity !== undefined && query.severity.length > 0) {
    select = select.where('severity', 'in', query.severity);
  }
  if (query.subject !== undefined) {
    select = select.where('subject_kind', '=', query.subject.kind);
    const { ref } = query.subject;
    // Organisations compare without case, as principal names within them do.
    if (ref !== undefined) {
      select =
        query.subject.kind === 'partner'
          ? select.where(sql<boolean>`subject_ref = ${ref} COLLATE NOCASE`)
          : select.where('subject_ref', '=', ref);
    }
  }
  return select;
}

/** This node's incidents that match, most pressing first. */
export function listIncidents(ws: Workspace, query: IncidentListQuery): IncidentList {
  const selection = incidentSelection(ws, query);
  let select = selection.selectAll();
  for (const order of attentionOrder) select = select.orderBy(order);
  const describe = subjectDescriber(ws);
  const rows = all(ws.sqlite, select.limit(query.limit)).map((row) =>
    incidentFromRow(row, describe),
  );
  const total =
    first(
      ws.sqlite,
      selection.select((eb) => eb.fn.countAll<number>().as('total')),
    )?.total ?? 0;
  return { rows, total };
}

export function findIncident(ws: Workspace, id: string): IncidentRecord | undefined {
  const row = first(ws.sqlite, qb.selectFrom('incident').selectAll().where('id', '=', id));
  return row ? incidentFromRow(row, subjectDescriber(ws)) : undefined;
}

export function getIncident(ws: Workspace, id: string): IncidentRecord {
  const found = findIncident(ws, id);
  if (!found) throw new AppError('NOT_FOUND', `No incident with id ${id} in this workspace.`);
  return found;
}

/** Every step of an incident's life, oldest first (incident_step, 0007_incidents.sql). */
export function incidentHistory(ws: Workspace, id: string): IncidentStep[] {
  return all(
    ws.sqlite,
    qb.selectFrom('incident_step').selectAll().where('incident_id', '=', id).orderBy('step'),
  ).map((row) => ({
    step: row.step,
    kind: incidentStepKindSchema.parse(row.kind),
    by: row.by,
    at: row.at,
    severity: incidentSeveritySchema.parse(row.severity),
    to: row.escalated_to,
    note: row.note,
  }));
}

/** The ids of this node's principals that belong to the organisation (case aside). */
export function principalsOfOrganisation(ws: Workspace, organisation: string): string[] {
  const wanted = organisation.trim().toLowerCase();
  return listPrincipals(ws)
    .filter((principal) => principal.organisation.toLowerCase() === wanted)
    .map((principal) => principal.id);
}

/**
 * The grants an incident's subject covers, each with its status on `today` and its verdict:
 * every grant of the partner's principals, of the dataset, or the one grant.
 */
export function grantsOfSubject(
  ws: Workspace,
  subject: IncidentSubject,
  today: string,
): GrantListing[] {
  switch (subject.kind) {
    case 'partner':
      return principalsOfOrganisation(ws, subject.ref).flatMap((principalId) =>
        listGrants(ws, { principalId, today }),
      );
    case 'dataset':
      return listGrants(ws, { datasetId: subject.ref, today });
    case 'grant':
      return listGrantPage(
        ws,
        {
          grantId: subject.ref,
          sort: { field: 'requestedAt', direction: 'asc' },
          offset: 0,
          limit: 1,
        },
        today,
      ).rows;
  }
}

/**
 * Which of `grantIds` the subject covers, read from the grant rows alone: the check a command
 * makes before acting, without judging every grant of a large partner under the policy.
 */
export function grantsCoveredBySubject(
  ws: Workspace,
  subject: IncidentSubject,
  grantIds: readonly string[],
): Set<string> {
  if (grantIds.length === 0) return new Set();
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('access_grant as g')
      .leftJoin('principal as p', 'p.id', 'g.principal_id')
      .select(['g.id', 'g.dataset_id', 'p.organisation'])
      .where('g.owner_node', '=', ws.node.nodeId)
      // One statement whatever the count (the statement cache keys on the SQL text).
      .where(sql<boolean>`g.id IN (SELECT value FROM json_each(${JSON.stringify(grantIds)}))`),
  );
  const wanted = subject.ref.toLowerCase();
  const covered = rows.filter((row) => {
    switch (subject.kind) {
      case 'partner':
        return row.organisation?.toLowerCase() === wanted;
      case 'dataset':
        return row.dataset_id === subject.ref;
      case 'grant':
        return row.id === subject.ref;
    }
  });
  return new Set(covered.map((row) => row.id));
}

/** Live grants first, in the order a steward acts on them; ended ones last. */
const statusOrder: Record<GrantListing['status'], number> = {
  active: 0,
  approved: 1,
  suspended: 2,
  requested: 3,
  expired: 4,
  revoked: 5,
};

/** The grant steps this incident caused, oldest first, with whom and what each grant is for. */
export function incidentGrantSteps(ws: Workspace, id: string): IncidentGrantStep[] {
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('grant_step as s')
      .leftJoin('access_grant as g', 'g.id', 's.grant_id')
      .leftJoin('principal as p', 'p.id', 'g.principal_id')
      .leftJoin('dataset as d', 'd.id', 'g.dataset_id')
      .select(['s.grant_id', 's.kind', 's.by', 's.at', 's.reason', 's.step'])
      .select(['p.name', 'p.organisation', 'd.identifier'])
      .where('s.source_kind', '=', 'incident')
      .where('s.source_id', '=', id)
      .orderBy('s.at')
      .orderBy('s.grant_id')
      .orderBy('s.step'),
  );
  return rows.map((row) => ({
    grantId: row.grant_id,
    kind: grantStepKindSchema.parse(row.kind),
    by: row.by,
    at: row.at,
    reason: row.reason,
    principalName: row.name === null ? '' : `${row.name} (${row.organisation ?? ''})`,
    datasetIdentifier: row.identifier ?? '',
  }));
}

/**
 * An incident as its detail panel shows it: the record, its history, the grants its subject
 * covers (live ones first, at most GRANTS_IN_SCOPE_LIMIT) and the grant steps it caused.
 */
export function incidentDetail(
  ws: Workspace,
  id: string,
  today: string = todayOf(),
): IncidentDetail {
  const incident = getIncident(ws, id);
  const grants = grantsOfSubject(ws, incident.subject, today);
  const ordered = grants
    .map((grant, index) => ({ grant, index }))
    .sort((a, b) => statusOrder[a.grant.status] - statusOrder[b.grant.status] || a.index - b.index)
    .map(({ grant }) => grant);
  return {
    incident,
    history: incidentHistory(ws, id),
    grantsInScope: ordered.slice(0, GRANTS_IN_SCOPE_LIMIT),
    grantsInScopeTotal: grants.length,
    grantSteps: incidentGrantSteps(ws, id),
    today,
  };
}

/**
 * Unresolved incidents counted for the dashboard: how many are open, how many escalated, and
 * how many of each severity. One grouped query over the status index.
 */
export function openIncidentSummary(ws: Workspace): OpenIncidentSummary {
  const rows = all(
    ws.sqlite,
    qb
      .selectFrom('incident')
      .select(['status', 'severity'])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('owner_node', '=', ws.node.nodeId)
      .where('status', 'in', ['open', 'escalated'])
      .groupBy(['status', 'severity']),
  );
  const summary: OpenIncidentSummary = {
    open: 0,
    escalated: 0,
    bySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
  };
  for (const row of rows) {
    const severity = incidentSeveritySchema.parse(row.severity);
    summary.bySeverity[severity] += row.count;
    if (row.status === 'open') summary.open += row.count;
    else summary.escalated += row.count;
  }
  return summary;
}
