import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type CampaignSummary,
  type ReviewDecideInput,
  reviewDecisionSchema,
  reviewExportFormatSchema,
  type ReviewItem,
  type ReviewScope,
} from '../../../shared/domain/review';
import { closeCampaign, decideItem, openCampaign } from '../../core/reviews/review-commands';
import { exportReviewEvidence } from '../../core/reviews/review-evidence';
import {
  findCampaignItem,
  listCampaignItems,
  listCampaigns,
  resolveCampaign,
} from '../../core/reviews/review-queries';
import type { WorkspaceOpenOptions } from '../../core/workspace/workspace';
import { asUsage, withCliWorkspace } from '../cli-workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_OK, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';
import { passphraseProtection } from '../passphrase';

export const reviewHelp = `concordat review <subcommand> ...

  review open --name N --scope all|partner:ORG|category:ID --due DATE --reviewers A,B
              --db PATH [--as MEMBER] [--json]
      Opens an access review campaign over every grant live today in the scope (leads).
      Reviewers are members holding the lead or steward role.
  review list --db PATH [--json]
      Campaigns with their progress: decided, undecided, overdue.
  review items CAMPAIGN --db PATH [--undecided] [--json]
      A campaign's items (the grants under review) and their decisions.
  review decide CAMPAIGN --grant G --decision keep|revoke|narrow [--level L --until DATE]
                --justification TEXT --db PATH [--as MEMBER] [--json]
      Records a reviewer's decision. Revoke and narrow change the grant in the same step;
      narrow needs --level and/or --until (the grant's own when one is left out).
  review close CAMPAIGN --db PATH [--as MEMBER] [--json]
      Closes a campaign once every item is decided (leads).
  review export CAMPAIGN --db PATH [--format csv|json] [--out FILE]
      The campaign's evidence: CSV (default), or a JSON document signed by this node's key
      (a DSSE envelope; needs the key's passphrase: CONCORDAT_PASSPHRASE, or asked on the
      terminal). Printed to standard output unless --out names a new file.

CAMPAIGN is a campaign's id or its name. --as acts as another member of the workspace.
Exit codes: 0 done, 1 refused, 2 bad usage or input.`;

function onePositional(command: string, positionals: string[]): string {
  const [campaign, ...extra] = positionals;
  if (campaign === undefined || extra.length > 0) {
    throw new UsageError(`${command}: name exactly one CAMPAIGN (its id or name).`);
  }
  return campaign;
}

/** `all`, `partner:ORG` or `category:ID`. */
function parseScope(text: string): ReviewScope {
  if (text === 'all') return { kind: 'all' };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const value = colon < 0 ? '' : text.slice(colon + 1).trim();
  if ((kind === 'partner' || kind === 'category') && value !== '') return { kind, value };
  throw new UsageError(
    `review open: --scope must be all, partner:ORGANISATION or category:ID, not "${text}".`,
  );
}

function describeCampaign(campaign: CampaignSummary): string {
  const { progress } = campaign;
  const overdue = progress.overdue > 0 ? `, ${String(progress.overdue)} overdue` : '';
  return `${campaign.id}  ${campaign.name} (${campaign.scopeLabel}), ${campaign.status}, due ${campaign.dueDay}: ${String(progress.decided)}/${String(progress.total)} decided${overdue}; reviewers ${campaign.reviewers.join(', ')}`;
}

function describeItem(item: ReviewItem): string {
  const who = item.principalName ?? item.principalId;
  const what = item.datasetIdentifier ?? item.datasetId;
  const decision =
    item.decision === null
      ? 'undecided'
      : `${item.decision} by ${item.decided?.by ?? '?'}: ${item.justification ?? ''}`;
  return `${item.grantId}  ${who} (${item.organisation ?? '?'}) → ${what}: ${item.level}, until ${item.until ?? '(open)'}; ${decision}`;
}

function runOpen(argv: string[], io: CliIo): number {
  const command = 'review open';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    as: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string' },
    due: { type: 'string' },
    reviewers: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const input = {
    name: requireOption(command, 'name', values.name),
    scope: parseScope(requireOption(command, 'scope', values.scope)),
    dueDay: requireOption(command, 'due', values.due),
    reviewers: requireOption(command, 'reviewers', values.reviewers)
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  };
  const campaign = withCliWorkspace(command, values, {}, (ws) => openCampaign(ws, input));
  if (values.json) printJson(io, campaign);
  else io.out(`Opened ${describeCampaign(campaign)}.`);
  return EXIT_OK;
}

function runList(argv: string[], io: CliIo): number {
  const command = 'review list';
  const { values } = parseCommandArgs(command, argv, {
    db: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const listed = withCliWorkspace(command, values, { readOnly: true }, (ws) => listCampaigns(ws));
  if (values.json) printJson(io, listed);
  else if (listed.campaigns.length === 0) io.out('No review campaigns.');
  else io.out(listed.campaigns.map(describeCampaign).join('\n'));
  return EXIT_OK;
}

function runItems(argv: string[], io: CliIo): number {
  const command = 'review items';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    {
      db: { type: 'string' },
      undecided: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const ref = onePositional(command, positionals);
  const items = withCliWorkspace(command, values, { readOnly: true }, (ws) => {
    const campaign = asUsage(command, () => resolveCampaign(ws, ref));
    const rows: ReviewItem[] = [];
    // Page through: a campaign may list far more items than one page holds.
    for (let offset = 0; ; offset += 500) {
      const page = listCampaignItems(ws, {
        campaignId: campaign.id,
        state: values.undecided ? 'undecided' : 'all',
        offset,
        limit: 500,
      });
      rows.push(...page.rows);
      if (page.rows.length < 500) return rows;
    }
  });
  if (values.json) printJson(io, items);
  else io.out(items.length === 0 ? 'No items.' : items.map(describeItem).join('\n'));
  return EXIT_OK;
}

function decisionInput(
  command: string,
  campaignId: string,
  values: {
    grant?: string;
    decision?: string;
    level?: string;
    until?: string;
    justification?: string;
  },
  current: ReviewItem,
): ReviewDecideInput {
  const decision = reviewDecisionSchema.safeParse(
    requireOption(command, 'decision', values.decision),
  );
  if (!decision.success) {
    throw new UsageError(`${command}: --decision must be keep, revoke or narrow.`);
  }
  const base = {
    campaignId,
    grantId: current.grantId,
    justification: requireOption(command, 'justification', values.justification),
  };
  if (decision.data !== 'narrow') {
    if ((values.level ?? values.until) !== undefined) {
      throw new UsageError(`${command}: --level and --until belong to --decision narrow.`);
    }
    return { ...base, decision: decision.data };
  }
  if (values.level === undefined && values.until === undefined) {
    throw new UsageError(`${command}: narrowing needs --level, --until or both.`);
  }
  const until = values.until ?? current.until;
  if (until === null) {
    throw new UsageError(`${command}: the grant has no end day; give --until.`);
  }
  return { ...base, decision: 'narrow', level: values.level ?? current.level, until };
}

function runDecide(argv: string[], io: CliIo): number {
  const command = 'review decide';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    {
      db: { type: 'string' },
      as: { type: 'string' },
      grant: { type: 'string' },
      decision: { type: 'string' },
      level: { type: 'string' },
      until: { type: 'string' },
      justification: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const ref = onePositional(command, positionals);
  const grantId = requireOption(command, 'grant', values.grant);
  const item = withCliWorkspace(command, values, {}, (ws) => {
    const campaign = asUsage(command, () => resolveCampaign(ws, ref));
    const current = findCampaignItem(ws, campaign.id, grantId);
    if (!current) {
      throw new UsageError(
        `${command}: grant ${grantId} is not under review in "${campaign.name}".`,
      );
    }
    return decideItem(ws, decisionInput(command, campaign.id, values, current));
  });
  if (values.json) printJson(io, item);
  else io.out(`Decided ${describeItem(item)}.`);
  return EXIT_OK;
}

function runClose(argv: string[], io: CliIo): number {
  const command = 'review close';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    { db: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const ref = onePositional(command, positionals);
  const campaign = withCliWorkspace(command, values, {}, (ws) =>
    closeCampaign(ws, { id: asUsage(command, () => resolveCampaign(ws, ref)).id }),
  );
  if (values.json) printJson(io, campaign);
  else io.out(`Closed ${describeCampaign(campaign)}.`);
  return EXIT_OK;
}

async function runExport(argv: string[], io: CliIo): Promise<number> {
  const command = 'review export';
  const { values, positionals } = parseCommandArgs(
    command,
    argv,
    { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    true,
  );
  const ref = onePositional(command, positionals);
  const format = reviewExportFormatSchema.safeParse(values.format ?? 'csv');
  if (!format.success) throw new UsageError(`${command}: --format must be csv or json.`);
  // CSV only reads; signed JSON needs the node's key and may sign a checkpoint for the ledger.
  const options: WorkspaceOpenOptions =
    format.data === 'csv'
      ? { readOnly: true }
      : { keyProtection: await passphraseProtection(io, { confirm: false }) };
  const exported = withCliWorkspace(command, values, options, (ws) =>
    exportReviewEvidence(ws, asUsage(command, () => resolveCampaign(ws, ref)).id, format.data),
  );
  if (values.out === undefined) {
    io.out(exported.content);
    return EXIT_OK;
  }
  const path = resolve(values.out);
  try {
    // 'wx': evidence is never written over an existing file.
    writeFileSync(path, exported.content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`${command}: ${path} already exists; name a new file.`);
    }
    throw error;
  }
  io.out(`Wrote ${format.data === 'csv' ? 'CSV' : 'signed JSON'} evidence to ${path}`);
  return EXIT_OK;
}

export function runReview(argv: string[], io: CliIo): number | Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'open':
      return runOpen(rest, io);
    case 'list':
      return runList(rest, io);
    case 'items':
      return runItems(rest, io);
    case 'decide':
      return runDecide(rest, io);
    case 'close':
      return runClose(rest, io);
    case 'export':
      return runExport(rest, io);
    default:
      throw new UsageError(
        `review: unknown subcommand "${sub ?? ''}". See \`concordat help review\`.`,
      );
  }
}
