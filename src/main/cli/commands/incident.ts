import { grantStatusLabels } from '../../../shared/domain/access';
import {
  type IncidentGrantAction,
  type IncidentRecord,
  type IncidentSeverity,
  incidentSeveritySchema,
  incidentStatusLabels,
  type IncidentStatus,
  incidentStatusSchema,
  type IncidentSubject,
  incidentSubjectKindSchema,
} from '../../../shared/domain/incident';
import {
  actOnIncidentGrants,
  escalateIncident,
  recordIncident,
  resolveIncident,
} from '../../core/incidents/incident-commands';
import { incidentDetail, listIncidents } from '../../core/incidents/incident-queries';
import type { Workspace } from '../../core/workspace/workspace';
import { asUsage, withCliWorkspace } from '../cli-workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const incidentHelp = `concordat incident <subcommand> ...

  incident record --subject partner:ORG|dataset:ID|grant:ID --severity S --title T
                  --description D [--reporter R] --db PATH [--as MEMBER] [--json]
      Records an incident against a partner (its organisation, as its principals carry
      it), a dataset (id or identifier) or one grant. Severity: low, medium, high or
      critical. The reporter defaults to the member acting.
  incident list --db PATH [--status open,escalated] [--severity high,critical] [--json]
      Incidents, unresolved and most severe first.
  incident show INCIDENT --db PATH [--json]
      One incident: its history, the grants its subject covers and the steps it caused.
  incident escalate INCIDENT --to WHO --note TEXT [--severity S] --db PATH [--as MEMBER] [--json]
      Escalates an open or escalated incident to someone (a member or anyone else). The
      severity may be raised, never lowered.
  incident resolve INCIDENT --resolution TEXT --db PATH [--as MEMBER] [--json]
      Resolves it, saying how. A resolved incident never changes again.
  incident suspend-grants INCIDENT --grant G[,G...] --reason TEXT --db PATH [--as MEMBER] [--json]
  incident revoke-grants INCIDENT --grant G[,G...] --reason TEXT ...
      Suspends or revokes grants the incident's subject covers, all in one step: if one
      cannot be changed, none is. Each grant's history names the incident. Stewards only.

--as acts as another member of the workspace. Exit codes: 0 done, 1 refused, 2 bad usage
or input (an unknown incident or grant included).`;

/** An unknown incident or grant named on the command line is bad input, not a refusal. */
function withWorkspace<T>(
  command: string,
  values: { db?: string; as?: string },
  readOnly: boolean,
  use: (ws: Workspace) => T,
): T {
  return withCliWorkspace(command, values, { readOnly }, (ws) => asUsage(command, () => use(ws)));
}

function commaList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function parseSubject(command: string, text: string): IncidentSubject {
  const colon = text.indexOf(':');
  const kind = incidentSubjectKindSchema.safeParse(colon < 0 ? '' : text.slice(0, colon));
  const ref = text.slice(colon + 1).trim();
  if (!kind.success || ref === '') {
    throw new UsageError(
      `${command}: --subject must look like partner:ORGANISATION, dataset:ID or grant:ID.`,
    );
  }
  return { kind: kind.data, ref };
}

function parseSeverity(command: string, text: string): IncidentSeverity {
  const parsed = incidentSeveritySchema.safeParse(text);
  if (!parsed.success) {
    throw new UsageError(
      `${command}: "${text}" is not a severity; use ${incidentSeveritySchema.options.join(', ')}.`,
    );
  }
  return parsed.data;
}

function parseStatuses(command: string, text: string | undefined): IncidentStatus[] | undefined {
  if (text === undefined) return undefined;
  return commaList(text).map((part) => {
    const parsed = incidentStatusSchema.safeParse(part);
    if (!parsed.success) {
      throw new UsageError(
        `${command}: "${part}" is not a status; use ${incidentStatusSchema.options.join(', ')}.`,
      );
    }
    return parsed.data;
  });
}

function describeIncident(incident: IncidentRecord): string {
  return `Incident ${incident.id}: "${incident.title}" about ${incident.subject.kind} ${incident.subjectLabel}, ${incident.severity}, ${incidentStatusLabels[incident.status].toLowerCase()}`;
}

function printIncident(io: CliIo, json: boolean, incident: IncidentRecord, done: string): number {
  if (json) printJson(io, incident);
  else io.out(`${done} ${describeIncident(incident)}.`);
  return EXIT_OK;
}

const commonOptions = {
  db: { type: 'string' },
  as: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The one INCIDENT a subcommand acts on, and its options. */
function incidentArgs<O extends Parameters<typeof parseCommandArgs>[2]>(
  command: string,
  argv: string[],
  options: O,
) {
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    { ...commonOptions, ...options },
    true,
  );
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`${command}: name exactly one INCIDENT (its id).`);
  }
  return { values, id: positionals[0] };
}

function runRecord(argv: string[], io: CliIo): number {
  const command = 'incident record';
  const { values } = parseCommandArgs(command, argv, {
    ...commonOptions,
    subject: { type: 'string' },
    severity: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    reporter: { type: 'string' },
  });
  const draft = {
    subject: parseSubject(command, requireOption(command, 'subject', values.subject)),
    severity: parseSeverity(command, requireOption(command, 'severity', values.severity)),
    title: requireOption(command, 'title', values.title),
    description: requireOption(command, 'description', values.description),
    ...(values.reporter === undefined ? {} : { reporter: values.reporter }),
  };
  const incident = withWorkspace(command, values, false, (ws) => recordIncident(ws, draft));
  return printIncident(io, values.json, incident, 'Recorded');
}

function runList(argv: string[], io: CliIo): number {
  const command = 'incident list';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    status: { type: 'string' },
    severity: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const status = parseStatuses(command, values.status);
  const severity =
    values.severity === undefined
      ? undefined
      : commaList(values.severity).map((part) => parseSeverity(command, part));
  const listed = withWorkspace(command, values, true, (ws) =>
    listIncidents(ws, {
      ...(status ? { status } : {}),
      ...(severity ? { severity } : {}),
      limit: 1000,
    }),
  );
  if (values.json) {
    printJson(io, listed);
    return EXIT_OK;
  }
  const lines = listed.rows.map(
    (incident) =>
      `  ${incident.id}  [${incident.severity}] ${incidentStatusLabels[incident.status].toLowerCase()}  ${incident.title} (${incident.subject.kind} ${incident.subjectLabel})`,
  );
  io.out(['Incidents', ...(lines.length > 0 ? lines : ['  none'])].join('\n'));
  return EXIT_OK;
}

function runShow(argv: string[], io: CliIo): number {
  const command = 'incident show';
  const { values, id } = incidentArgs(command, argv, {});
  const detail = withWorkspace(command, values, true, (ws) => incidentDetail(ws, id));
  if (values.json) {
    printJson(io, detail);
    return EXIT_OK;
  }
  const { incident } = detail;
  const lines = [
    `${describeIncident(incident)}.`,
    `  reported by ${incident.reporter}; ${incident.description}`,
    '',
    'History',
    ...detail.history.map(
      (step) =>
        `  ${step.at}  ${step.kind} by ${step.by} (${step.severity})${step.to ? ` to ${step.to}` : ''}${step.note ? `: ${step.note}` : ''}`,
    ),
    '',
    `Grants in scope (${detail.grantsInScopeTotal})`,
    ...detail.grantsInScope.map(
      (grant) =>
        `  ${grant.id}  ${grant.principalName} → ${grant.datasetIdentifier}: ${grant.level}; ${grantStatusLabels[grant.status].toLowerCase()}`,
    ),
    '',
    'Grant steps it caused',
    ...(detail.grantSteps.length > 0
      ? detail.grantSteps.map(
          (step) =>
            `  ${step.at}  ${step.kind} ${step.grantId} by ${step.by}: ${step.reason ?? ''}`,
        )
      : ['  none']),
  ];
  io.out(lines.join('\n'));
  return EXIT_OK;
}

function runEscalate(argv: string[], io: CliIo): number {
  const command = 'incident escalate';
  const { values, id } = incidentArgs(command, argv, {
    to: { type: 'string' },
    note: { type: 'string' },
    severity: { type: 'string' },
  });
  const escalation = {
    id,
    to: requireOption(command, 'to', values.to),
    note: requireOption(command, 'note', values.note),
    ...(values.severity === undefined ? {} : { severity: parseSeverity(command, values.severity) }),
  };
  const incident = withWorkspace(command, values, false, (ws) => escalateIncident(ws, escalation));
  return printIncident(io, values.json, incident, 'Escalated');
}

function runResolve(argv: string[], io: CliIo): number {
  const command = 'incident resolve';
  const { values, id } = incidentArgs(command, argv, { resolution: { type: 'string' } });
  const resolution = requireOption(command, 'resolution', values.resolution);
  const incident = withWorkspace(command, values, false, (ws) =>
    resolveIncident(ws, { id, resolution }),
  );
  return printIncident(io, values.json, incident, 'Resolved');
}

function runGrantAction(action: IncidentGrantAction, argv: string[], io: CliIo): number {
  const command = `incident ${action}-grants`;
  const { values, id } = incidentArgs(command, argv, {
    grant: { type: 'string', multiple: true },
    reason: { type: 'string' },
  });
  const grantIds = (values.grant ?? []).flatMap((text) => commaList(text));
  if (grantIds.length === 0) {
    throw new UsageError(
      `${command}: --grant is required (one or more grant ids, comma-separated).`,
    );
  }
  const reason = requireOption(command, 'reason', values.reason);
  const result = withWorkspace(command, values, false, (ws) =>
    actOnIncidentGrants(ws, { incidentId: id, grantIds, action, reason }),
  );
  if (values.json) {
    printJson(io, result);
    return EXIT_OK;
  }
  const done = action === 'suspend' ? 'Suspended' : 'Revoked';
  io.out(
    [
      `${done} ${result.grants.length === 1 ? '1 grant' : `${result.grants.length} grants`} for incident ${id}:`,
      ...result.grants.map(
        (grant) => `  ${grant.id}  ${grantStatusLabels[grant.status].toLowerCase()}`,
      ),
    ].join('\n'),
  );
  return EXIT_OK;
}

export function runIncident(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'record':
      return runRecord(rest, io);
    case 'list':
      return runList(rest, io);
    case 'show':
      return runShow(rest, io);
    case 'escalate':
      return runEscalate(rest, io);
    case 'resolve':
      return runResolve(rest, io);
    case 'suspend-grants':
      return runGrantAction('suspend', rest, io);
    case 'revoke-grants':
      return runGrantAction('revoke', rest, io);
    default:
      throw new UsageError(
        `incident: unknown subcommand "${sub ?? ''}". See \`concordat help incident\`.`,
      );
  }
}
