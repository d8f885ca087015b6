import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { formatCharterImpact } from '../../../shared/domain/charter-impact';
import {
  type CharterApprovalRecord,
  describeApprovalRecord,
  describeRemediationGroup,
  type GrantRemediationInput,
  remediationListSchema,
} from '../../../shared/domain/charter-remediation';
import { AppError } from '../../../shared/errors';
import { charterImpactOfVersion } from '../../core/access/charter-impact-query';
import { charterApprovalRecord } from '../../core/charter/charter-approval-record';
import { approveCharter } from '../../core/charter/charter-commands';
import { getCharterVersion } from '../../core/charter/charter-queries';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const charterApproveHelp = `  charter approve VERSION --db PATH [--as MEMBER] [--note TEXT]
                  [--remediation-file FILE.json] [--accept-all --justification TEXT] [--json]
      Approves a version in review, after the "no new access" check: every grant it
      puts out of bounds needs a remediation, or approval is refused (exit 1) and
      nothing is written. FILE.json is a list of
      { "grantId", "action": "revoke" | "narrow" | "accept", "justification",
        "level"?, "until"? } (level and until for narrow only); --accept-all keeps every
      out-of-bounds grant the file does not name, with one justification. Revocations
      and narrowings are recorded in the approval, citing the charter version. Prints
      the impact and what was done. Opens the workspace for writing.`;

/** The largest remediation file read: far above what one approval can record. */
const MAX_FILE_BYTES = 12 * 1024 * 1024;

const fileSchema = z.union([
  z.array(z.unknown()),
  z.object({ remediations: z.array(z.unknown()) }).transform((file) => file.remediations),
]);

function readRemediationFile(command: string, path: string): GrantRemediationInput[] {
  const file = resolve(path);
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      throw new UsageError(`${command}: ${file} is larger than ${MAX_FILE_BYTES} bytes.`);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${command}: cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${command}: ${file} is not JSON: ${(error as Error).message}`);
  }
  const list = fileSchema.safeParse(json);
  if (!list.success) {
    throw new UsageError(
      `${command}: ${file} must hold a list of remediations (or { "remediations": [...] }).`,
    );
  }
  const parsed = remediationListSchema.safeParse(list.data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`);
    throw new UsageError(`${command}: ${file} is not valid: ${problems.join('; ')}.`);
  }
  return parsed.data;
}

function describeApproval(version: number, record: CharterApprovalRecord | null): string {
  if (record === null) return `Approved version ${version}.`;
  const lines = [`Approved version ${version}: ${describeApprovalRecord(record)}`];
  for (const group of record.remediations) {
    lines.push(
      `  ${describeRemediationGroup(group)}: ${group.grantIds.length === 1 ? '1 grant' : `${group.grantIds.length} grants`} — "${group.justification}"`,
      ...group.grantIds.map((id) => `      ${id}`),
    );
  }
  return lines.join('\n');
}

export function runCharterApprove(argv: string[], io: CliIo): number {
  const command = 'charter approve';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    {
      db: { type: 'string' },
      as: { type: 'string' },
      note: { type: 'string' },
      'remediation-file': { type: 'string' },
      'accept-all': { type: 'boolean', default: false },
      justification: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const [versionText] = positionals;
  if (
    positionals.length !== 1 ||
    versionText === undefined ||
    !/^[1-9][0-9]{0,6}$/.test(versionText)
  ) {
    throw new UsageError(`${command}: name exactly one VERSION, a whole number from 1.`);
  }
  const version = Number(versionText);
  if (values['accept-all'] !== (values.justification !== undefined)) {
    throw new UsageError(`${command}: --accept-all and --justification TEXT go together.`);
  }
  const fromFile =
    values['remediation-file'] === undefined
      ? []
      : readRemediationFile(command, values['remediation-file']);

  const ws = Workspace.open(resolve(requireOption(command, 'db', values.db)), { readOnly: false });
  try {
    if (values.as !== undefined) ws.actAsNamed(values.as);
    const impact = charterImpactOfVersion(ws, version);
    const named = new Set(fromFile.map((remediation) => remediation.grantId));
    const justification = values.justification ?? '';
    const accepted = values['accept-all']
      ? impact.outOfBounds
          .filter((item) => !named.has(item.grantId))
          .map((item): GrantRemediationInput => ({
            grantId: item.grantId,
            action: 'accept',
            justification,
          }))
      : [];
    let approved;
    try {
      approved = approveCharter(ws, {
        version,
        expectedRevision: getCharterVersion(ws, version).revision,
        note: values.note ?? '',
        remediations: [...fromFile, ...accepted],
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'REMEDIATION_REQUIRED') {
        throw new AppError(
          error.code,
          `${error.message} Name them in --remediation-file, or keep them with --accept-all --justification TEXT; \`concordat charter impact --version ${version} --db PATH --json\` lists them.`,
          error.issues,
        );
      }
      throw error;
    }
    const record = charterApprovalRecord(ws, approved);
    if (values.json) printJson(io, { version: approved, impact, approval: record });
    else io.out(`${formatCharterImpact(impact)}\n\n${describeApproval(version, record)}`);
    return EXIT_OK;
  } finally {
    ws.close();
  }
}
