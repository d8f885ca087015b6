import {
  type GrantRecord,
  grantStatusLabels,
  type PolicyDecision,
  principalKindSchema,
} from '../../../shared/domain/access';
import { type LegalBasis, legalBasisSchema } from '../../../shared/domain/charter';
import { addPrincipal, approveGrant, requestGrant } from '../../core/access/access-commands';
import {
  narrowGrant,
  reinstateGrant,
  revokeGrant,
  suspendGrant,
} from '../../core/access/grant-steps';
import {
  explainGrant,
  listPrincipals,
  resolveDataset,
  resolvePrincipal,
} from '../../core/access/access-queries';
import { listGrants } from '../../core/access/grant-page-query';
import { parseCommandArgs, requireOption } from '../args';
import { asUsage, withCliWorkspace } from '../cli-workspace';
import { EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const accessHelp = `concordat access <subcommand> ...

  access explain --principal ID --dataset ID --level L --purpose P [--start DATE]
                 [--until DATE] --db PATH [--json]
      The policy's decision on a request, with every check and why it passed or failed,
      under the governing charter. Writes nothing. Exit 0 whether allowed or denied.
  access list --db PATH [--json]
      Principals, and grants with their status today and the policy's verdict under the
      governing charter (a grant a charter change put out of bounds shows as deny).
  access grant --principal ID --dataset ID --level L --purpose P --until DATE
               --justification TEXT [--start DATE] --db PATH [--as MEMBER] [--json]
      Requests a grant. The policy decides first; a denied request is refused (exit 1)
      and nothing is written.
  access approve GRANT --db PATH [--as MEMBER] [--json]
      Approves a requested grant; it is active from its start day. On confidential or
      restricted data another steward than the requester must approve.
  access revoke GRANT --reason TEXT --db PATH [--as MEMBER] [--json]
      Revokes a grant (or turns down a request), recording why.
  access suspend GRANT --reason TEXT ...     Stops an approved or active grant for now.
  access reinstate GRANT --reason TEXT ...   Lifts a suspension (the policy decides again).
  access narrow GRANT --level L --until DATE --reason TEXT --db PATH [--as MEMBER] [--json]
      Lowers a grant's level and/or ends it sooner; a narrowing never widens it.
  access principal add --name N --organisation O --kind partner-role|internal-role
                       [--tier T] [--legal-basis B,...] --db PATH [--as MEMBER] [--json]
      Records a principal: a partner's role or an internal role, with its partner tier
      and the legal bases on record.

Principals are named by id or name, datasets by id or identifier; dates are YYYY-MM-DD
(--start defaults to today). --as acts as another member of the workspace. Exit codes:
0 done, 1 refused, 2 bad usage or input.`;

const requestOptions = {
  db: { type: 'string' },
  principal: { type: 'string' },
  dataset: { type: 'string' },
  level: { type: 'string' },
  purpose: { type: 'string' },
  start: { type: 'string' },
  until: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function describeDecision(decision: PolicyDecision): string {
  return [
    decision.decision === 'allow' ? 'Allowed.' : 'Denied.',
    ...decision.reasons.map(
      (reason) =>
        `  ${reason.outcome === 'pass' ? 'pass' : 'FAIL'}  ${reason.rule}: ${reason.message}`,
    ),
  ].join('\n');
}

function runExplain(argv: string[], io: CliIo): number {
  const command = 'access explain';
  const { values } = parseCommandArgs(command, argv, requestOptions);
  const decision = withCliWorkspace(command, values, { readOnly: true }, (ws) =>
    asUsage(command, () =>
      explainGrant(ws, {
        principalId: requireOption(command, 'principal', values.principal),
        datasetId: requireOption(command, 'dataset', values.dataset),
        level: requireOption(command, 'level', values.level),
        purpose: requireOption(command, 'purpose', values.purpose),
        ...(values.start === undefined ? {} : { start: values.start }),
        until: values.until ?? null,
      }),
    ),
  );
  if (values.json) printJson(io, { decision: decision.decision, reasons: decision.reasons });
  else io.out(describeDecision(decision));
  return EXIT_OK;
}

function describeGrant(grant: GrantRecord): string {
  return `Grant ${grant.id}: ${grant.level} for ${grant.purpose}, ${grant.start} to ${grant.until ?? '(open)'}, ${grantStatusLabels[grant.status].toLowerCase()}`;
}

function runList(argv: string[], io: CliIo): number {
  const command = 'access list';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const listed = withCliWorkspace(command, values, { readOnly: true }, (ws) => ({
    principals: listPrincipals(ws),
    grants: listGrants(ws),
  }));
  if (values.json) {
    printJson(io, listed);
    return EXIT_OK;
  }
  const lines = ['Principals'];
  if (listed.principals.length === 0) lines.push('  none');
  for (const p of listed.principals) {
    lines.push(`  ${p.id}  ${p.name} (${p.organisation}), tier ${p.tier ?? 'none'}`);
  }
  lines.push('', 'Grants');
  if (listed.grants.length === 0) lines.push('  none');
  for (const g of listed.grants) {
    lines.push(
      `  ${g.id}  ${g.principalName} → ${g.datasetIdentifier}: ${g.level}, ${g.purpose}, ${g.start} to ${g.until ?? '(open)'}; ${grantStatusLabels[g.status].toLowerCase()}; policy ${g.policy.decision}`,
      ...g.policy.failed.map((reason) => `      FAIL ${reason.rule}: ${reason.message}`),
    );
  }
  io.out(lines.join('\n'));
  return EXIT_OK;
}

function printGrant(io: CliIo, json: boolean, grant: GrantRecord, done: string): number {
  if (json) printJson(io, grant);
  else io.out(`${done} ${describeGrant(grant)}.`);
  return EXIT_OK;
}

function runGrant(argv: string[], io: CliIo): number {
  const command = 'access grant';
  const { values } = parseCommandArgs(command, argv, {
    ...requestOptions,
    justification: { type: 'string' },
    as: { type: 'string' },
  });
  const grant = withCliWorkspace(command, values, {}, (ws) => {
    const { principal, dataset } = asUsage(command, () => ({
      principal: resolvePrincipal(ws, requireOption(command, 'principal', values.principal)),
      dataset: resolveDataset(ws, requireOption(command, 'dataset', values.dataset)),
    }));
    return requestGrant(ws, {
      principalId: principal.id,
      datasetId: dataset.id,
      level: requireOption(command, 'level', values.level),
      purpose: requireOption(command, 'purpose', values.purpose),
      start: values.start ?? new Date().toISOString().slice(0, 10),
      until: requireOption(command, 'until', values.until),
      justification: requireOption(command, 'justification', values.justification),
    });
  });
  return printGrant(io, values.json, grant, 'Requested');
}

function grantArgs(command: string, argv: string[], extra: { reason?: true } = {}) {
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    {
      db: { type: 'string' },
      as: { type: 'string' },
      reason: { type: 'string' },
      level: { type: 'string' },
      until: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (command !== 'access narrow' && (values.level ?? values.until) !== undefined) {
    throw new UsageError(`${command}: --level and --until belong to \`access narrow\`.`);
  }
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`${command}: name exactly one GRANT (its id).`);
  }
  if (!extra.reason && values.reason !== undefined) {
    throw new UsageError(`${command}: --reason is not an option here.`);
  }
  return { values, id: positionals[0] };
}

function runApprove(argv: string[], io: CliIo): number {
  const { values, id } = grantArgs('access approve', argv);
  const grant = withCliWorkspace('access approve', values, {}, (ws) => approveGrant(ws, { id }));
  return printGrant(io, values.json, grant, 'Approved');
}

const reasonedSteps = {
  revoke: { run: revokeGrant, done: 'Revoked' },
  suspend: { run: suspendGrant, done: 'Suspended' },
  reinstate: { run: reinstateGrant, done: 'Reinstated' },
} as const;

/** revoke, suspend, reinstate: a step on one grant that records why. */
function runReasonedStep(step: keyof typeof reasonedSteps, argv: string[], io: CliIo): number {
  const command = `access ${step}`;
  const { values, id } = grantArgs(command, argv, { reason: true });
  const reason = requireOption(command, 'reason', values.reason);
  const { run, done } = reasonedSteps[step];
  const grant = withCliWorkspace(command, values, {}, (ws) => run(ws, { id, reason }));
  return printGrant(io, values.json, grant, done);
}

function runNarrow(argv: string[], io: CliIo): number {
  const command = 'access narrow';
  const { values, id } = grantArgs(command, argv, { reason: true });
  const narrowing = {
    id,
    level: requireOption(command, 'level', values.level),
    until: requireOption(command, 'until', values.until),
    reason: requireOption(command, 'reason', values.reason),
  };
  const grant = withCliWorkspace(command, values, {}, (ws) => narrowGrant(ws, narrowing));
  return printGrant(io, values.json, grant, 'Narrowed');
}

function legalBases(text: string | undefined): LegalBasis[] {
  if (text === undefined) return [];
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return parts.map((part) => {
    const parsed = legalBasisSchema.safeParse(part);
    if (!parsed.success) {
      throw new UsageError(
        `access principal add: "${part}" is not a legal basis; use ${legalBasisSchema.options.join(', ')}.`,
      );
    }
    return parsed.data;
  });
}

function runPrincipal(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  if (sub !== 'add') {
    throw new UsageError(
      `access principal: unknown subcommand "${sub ?? ''}"; use \`access principal add\`.`,
    );
  }
  const command = 'access principal add';
  const { values } = parseCommandArgs(command, rest, {
    db: { type: 'string' },
    as: { type: 'string' },
    name: { type: 'string' },
    organisation: { type: 'string' },
    kind: { type: 'string' },
    tier: { type: 'string' },
    'legal-basis': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const kind = principalKindSchema.safeParse(requireOption(command, 'kind', values.kind));
  if (!kind.success) {
    throw new UsageError(`${command}: --kind must be partner-role or internal-role.`);
  }
  const fields = {
    kind: kind.data,
    name: requireOption(command, 'name', values.name),
    organisation: requireOption(command, 'organisation', values.organisation),
    tier: values.tier ?? null,
    legalBases: legalBases(values['legal-basis']),
  };
  const principal = withCliWorkspace(command, values, {}, (ws) => addPrincipal(ws, fields));
  if (values.json) printJson(io, principal);
  else {
    io.out(
      `Added principal ${principal.id}: ${principal.name} (${principal.organisation}), tier ${principal.tier ?? 'none'}.`,
    );
  }
  return EXIT_OK;
}

export function runAccess(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'explain':
      return runExplain(rest, io);
    case 'list':
      return runList(rest, io);
    case 'grant':
      return runGrant(rest, io);
    case 'approve':
      return runApprove(rest, io);
    case 'revoke':
    case 'suspend':
    case 'reinstate':
      return runReasonedStep(sub, rest, io);
    case 'narrow':
      return runNarrow(rest, io);
    case 'principal':
      return runPrincipal(rest, io);
    default:
      throw new UsageError(
        `access: unknown subcommand "${sub ?? ''}". See \`concordat help access\`.`,
      );
  }
}
