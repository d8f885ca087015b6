import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { legalBasisLabels } from '../../../shared/domain/charter';
import { formatCharterDiff } from '../../../shared/domain/charter-diff';
import { formatCharterImpact } from '../../../shared/domain/charter-impact';
import { describeApprovalRecord } from '../../../shared/domain/charter-remediation';
import {
  type CharterStamp,
  charterStatusLabels,
  type CharterVersion,
  type CharterVersionSummary,
} from '../../../shared/domain/charter-version';
import {
  cadenceKey,
  cadenceLabels,
  formatIsoDuration,
  sensitivityLabels,
} from '../../../shared/domain/governance-terms';
import { AppError } from '../../../shared/errors';
import { charterImpactOfVersion } from '../../core/access/charter-impact-query';
import { charterApprovalRecord } from '../../core/charter/charter-approval-record';
import { diffCharterVersions } from '../../core/charter/charter-diff-query';
import { charterOdrlExport } from '../../core/charter/charter-odrl';
import {
  getCharterVersion,
  getGoverningCharter,
  listCharterVersions,
} from '../../core/charter/charter-queries';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { charterApproveHelp, runCharterApprove } from './charter-approve';
import { charterEndorseHelp, runCharterEndorse, runCharterEndorsements } from './endorse';

export const charterHelp = `concordat charter <subcommand> ...

  charter show --db PATH [--version N] [--json]
      Prints a charter version: its status and stamps, access levels, partner tiers,
      purposes, parties, each data category's rules and the clauses. Default: the
      published version, else the newest.
  charter diff A B --db PATH [--json]
      What changed from version A to version B, section by section.
  charter odrl --db PATH [--version N] [--out FILE]
      The published version (or version N, which must have been published) as an
      ODRL 2.2 policy in JSON-LD; printed, or written to FILE.
  charter history --db PATH [--json]
      Every version, newest first, with its status and who moved it along when.
  charter impact --version N --db PATH [--json]
      The "no new access" check: the live grants version N would put out of bounds
      and those it would newly allow, against the published version, each with the
      policy checks that make the difference.
${charterApproveHelp}
${charterEndorseHelp}

Every subcommand but approve and endorse opens the workspace read-only.`;

function versionNumber(command: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(text)) {
    throw new UsageError(`${command}: a version is a whole number from 1, not "${text}".`);
  }
  return Number(text);
}

function withWorkspace<T>(command: string, db: string | undefined, use: (ws: Workspace) => T): T {
  const workspace = Workspace.open(resolve(requireOption(command, 'db', db)), { readOnly: true });
  try {
    return use(workspace);
  } finally {
    workspace.close();
  }
}

function when(at: string): string {
  return `${at.slice(0, 16).replace('T', ' ')} UTC`;
}

function stampText(stamp: CharterStamp | null): string | null {
  return stamp ? `${stamp.by}, ${when(stamp.at)}` : null;
}

/** The lifecycle of one version as label/value rows; steps not taken are left out. */
function stampRows(v: CharterVersionSummary): [string, string][] {
  const rows: [string, string | null][] = [
    ['Based on', v.basedOn === null ? 'the template' : `version ${v.basedOn}`],
    ['Created', stampText(v.created)],
    ['Edited by', v.editors.join(', ')],
    ['Returned', v.returned && `${stampText(v.returned) ?? ''}: ${v.returned.reason}`],
    ['Submitted', stampText(v.submitted)],
    [
      'Approved',
      v.approved &&
        `${stampText(v.approved) ?? ''}${v.approved.note === '' ? '' : ` — "${v.approved.note}"`}`,
    ],
    ['Published', stampText(v.published)],
    ['Superseded', v.supersededAt === null ? null : when(v.supersededAt)],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== null);
}

function rows(pairs: [string, string][], indent = '  '): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length)) + 1;
  return pairs.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)} ${value}`);
}

export function describeCharter(v: CharterVersion): string {
  const c = v.content;
  const level = (id: string) => c.accessLevels.find((l) => l.id === id)?.name ?? id;
  const purpose = (id: string) => c.purposes.find((p) => p.id === id)?.name ?? id;
  const names = (ids: readonly string[], name: (id: string) => string) =>
    ids.length === 0 ? 'none' : ids.map(name).join(', ');
  const lines = [
    `${c.title} — version ${v.version} (${charterStatusLabels[v.status]}, revision ${v.revision})`,
    ...rows([['Effective', c.effectiveDate], ['Next review', c.nextReviewDate], ...stampRows(v)]),
    '',
    'Access levels (lowest first)',
    ...c.accessLevels.map((l, i) => `  ${i + 1}. ${l.name} — ${l.description}`),
    '',
    'Partner tiers',
    ...c.partnerTiers.map((t) => `  ${t.name} — ${t.description}`),
    '',
    'Purposes',
    ...c.purposes.map((p) => `  ${p.name} (${p.id})`),
    '',
    'Parties',
    ...c.parties.map(
      (p) =>
        `  ${p.name} (${p.role === 'lead' ? 'lead' : 'partner'})${p.contact ? `, ${p.contact}` : ''}`,
    ),
    '',
    'Data categories',
  ];
  if (c.categories.length === 0) lines.push('  none');
  for (const cat of c.categories) {
    lines.push(
      `  ${cat.name} [${cat.id}] — ${sensitivityLabels[cat.sensitivity]}, ${
        cat.personalData ? 'personal data' : 'no personal data'
      }, owned by ${cat.owner}`,
      ...rows(
        [
          [
            'Max access',
            c.partnerTiers.map((t) => `${t.name}: ${level(cat.maxAccess[t.id] ?? '?')}`).join(', '),
          ],
          ['Cadences', cat.allowedCadences.map((k) => cadenceLabels[cadenceKey(k)]).join(', ')],
          ['Purposes', names(cat.permittedPurposes, purpose)],
          ['Prohibited', names(cat.prohibitedPurposes, purpose)],
          ...cat.prohibitedUses.map((use): [string, string] => ['Never', use]),
          ['Retention', formatIsoDuration(cat.retention)],
          ['Longest grant', formatIsoDuration(cat.maxGrantDuration)],
          ['Legal basis', legalBasisLabels[cat.legalBasis]],
        ],
        '      ',
      ),
    );
  }
  lines.push('', 'Clauses');
  if (c.clauses.length === 0) lines.push('  none');
  for (const clause of c.clauses) lines.push(`  ${clause.title}`, `      ${clause.text}`);
  return lines.join('\n');
}

function runShow(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('charter show', argv, {
    db: { type: 'string' },
    version: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const requested = versionNumber('charter show', values.version);
  const charter = withWorkspace('charter show', values.db, (ws) => {
    if (requested !== undefined) return getCharterVersion(ws, requested);
    const newest = listCharterVersions(ws)[0];
    const chosen = getGoverningCharter(ws) ?? (newest && getCharterVersion(ws, newest.version));
    if (!chosen) throw new AppError('NOT_FOUND', 'This workspace has no charter version.');
    return chosen;
  });
  if (values.json) printJson(io, charter);
  else io.out(describeCharter(charter));
  return 0;
}

function runDiff(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(
    'charter diff',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 2) {
    throw new UsageError('charter diff: name exactly two versions, A and B.');
  }
  const from = versionNumber('charter diff', positionals[0]) ?? 0;
  const to = versionNumber('charter diff', positionals[1]) ?? 0;
  const diff = withWorkspace('charter diff', values.db, (ws) => diffCharterVersions(ws, from, to));
  if (values.json) printJson(io, diff);
  else io.out(formatCharterDiff(diff));
  return 0;
}

function runOdrl(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('charter odrl', argv, {
    db: { type: 'string' },
    version: { type: 'string' },
    out: { type: 'string' },
  });
  const requested = versionNumber('charter odrl', values.version);
  const exported = withWorkspace('charter odrl', values.db, (ws) => {
    const version = requested ?? getGoverningCharter(ws)?.version;
    if (version === undefined) {
      throw new AppError(
        'NOT_FOUND',
        'This workspace has no published charter yet; publish one, or name a version with --version.',
      );
    }
    return { version, ...charterOdrlExport(ws, version) };
  });
  if (values.out === undefined) {
    io.out(exported.content.trimEnd());
  } else {
    const out = resolve(values.out);
    writeFileSync(out, exported.content);
    io.out(`Wrote charter version ${exported.version} as an ODRL policy to ${out}`);
  }
  return 0;
}

function runHistory(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('charter history', argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const { versions, records } = withWorkspace('charter history', values.db, (ws) => {
    const listed = listCharterVersions(ws);
    return { versions: listed, records: listed.map((v) => charterApprovalRecord(ws, v)) };
  });
  if (values.json) {
    printJson(io, versions);
    return 0;
  }
  if (versions.length === 0) io.out('This workspace has no charter version.');
  const blocks = versions.map((v, index) => {
    const record = records[index];
    // What the approval decided for the grants, where it recorded that.
    const access: [string, string][] = record ? [['Grants', describeApprovalRecord(record)]] : [];
    return [
      `Version ${v.version}  ${charterStatusLabels[v.status]}${
        v.status === 'published' ? ' (governing)' : ''
      }  "${v.title}"`,
      ...rows([...stampRows(v), ...access], '    '),
    ].join('\n');
  });
  if (blocks.length > 0) io.out(blocks.join('\n\n'));
  return 0;
}

function runImpact(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('charter impact', argv, {
    db: { type: 'string' },
    version: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const version =
    versionNumber('charter impact', requireOption('charter impact', 'version', values.version)) ??
    0;
  const impact = withWorkspace('charter impact', values.db, (ws) =>
    charterImpactOfVersion(ws, version),
  );
  if (values.json) printJson(io, impact);
  else io.out(formatCharterImpact(impact));
  return 0;
}

export function runCharter(argv: string[], io: CliIo): number | Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'show':
      return runShow(rest, io);
    case 'diff':
      return runDiff(rest, io);
    case 'odrl':
      return runOdrl(rest, io);
    case 'history':
      return runHistory(rest, io);
    case 'impact':
      return runImpact(rest, io);
    case 'approve':
      return runCharterApprove(rest, io);
    case 'endorse':
      return runCharterEndorse(rest, io);
    case 'endorsements':
      return runCharterEndorsements(rest, io);
    default:
      throw new UsageError(
        `charter: unknown subcommand "${sub ?? ''}". See \`concordat help charter\`.`,
      );
  }
}
