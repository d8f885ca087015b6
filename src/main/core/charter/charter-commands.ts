import { randomUUID } from 'node:crypto';
import { type CharterContent, charterContentSchema } from '../../../shared/domain/charter';
import {
  type CharterStatus,
  charterNoteSchema,
  type CharterVersion,
  type CharterVersionSummary,
} from '../../../shared/domain/charter-version';
import {
  type GrantRemediationInput,
  remediationListSchema,
} from '../../../shared/domain/charter-remediation';
import { AppError } from '../../../shared/errors';
import { parseOrRefuse } from '../errors/parse-or-refuse';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import type { Workspace } from '../workspace/workspace';
import {
  activeLeads,
  getCharterVersion,
  getGoverningCharter,
  listCharterVersions,
} from './charter-queries';
import { decideRemediations } from './charter-remediation';

/** Where lifecycle stamps get their time; tests pass a fixed one. */
export type Now = () => string;
const systemNow: Now = () => new Date().toISOString();

/** What every lifecycle step names: the version, and the revision the user was looking at. */
export interface CharterStep {
  version: number;
  expectedRevision: number;
}

const openStatuses: readonly CharterStatus[] = ['draft', 'in_review', 'approved'];

function summaryOf(version: CharterVersion): CharterVersionSummary {
  const { content: _content, ...summary } = version;
  return summary;
}

function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

function locked(current: CharterVersionSummary): AppError {
  const when = current.published ? ` on ${dayOf(current.published.at)}` : '';
  return new AppError(
    'CHARTER_LOCKED',
    `Version ${current.version} was published${when} and cannot change; start a new draft from it.`,
  );
}

/** "Version 3 is …" */
const statusPhrases: Record<CharterStatus, string> = {
  draft: 'a draft',
  in_review: 'in review',
  approved: 'approved',
  published: 'published',
  superseded: 'superseded',
};

/**
 * Refuses a step the version's status does not allow. A published or superseded version is
 * locked for good (CHARTER_LOCKED); any other mismatch is a CONFLICT the user can resolve.
 */
function requireStatus(
  current: CharterVersionSummary,
  allowed: readonly CharterStatus[],
  done: string,
  hint: string,
): void {
  if (allowed.includes(current.status)) return;
  if (current.status === 'published' || current.status === 'superseded') throw locked(current);
  throw new AppError(
    'CONFLICT',
    `Version ${current.version} is ${statusPhrases[current.status]}, so it cannot be ${done}. ${hint}`.trimEnd(),
  );
}

/** A stale screen (someone else saved or moved the version since) is refused, never merged. */
function requireRevision(current: CharterVersionSummary, expectedRevision: number): void {
  if (current.revision === expectedRevision) return;
  throw new AppError(
    'CONFLICT',
    `Version ${current.version} was changed elsewhere (now revision ${current.revision}, you had revision ${expectedRevision}). Reload it and try again.`,
  );
}

function stamp(ws: Workspace, current: CharterVersionSummary, now: Now) {
  return { id: current.id, by: ws.actor.name, at: now() };
}

/**
 * Version numbers are never reused, even after a discard, so "version 4" names one thing in
 * the ledger's history. The discarded ones survive only there.
 */
function nextVersionNumber(ws: Workspace): number {
  const inTable = listCharterVersions(ws)[0]?.version ?? 0;
  const row = ws.sqlite
    .prepare(
      "SELECT max(json_extract(CAST(bytes AS TEXT), '$.payload.version')) AS version FROM ledger_entry WHERE type = 'charter.draft_created'",
    )
    .get() as { version: number | null } | undefined;
  return Math.max(inTable, row?.version ?? 0) + 1;
}

/** Starts the next version as a copy of `basedOn` (normally the published one). */
export function createCharterDraft(
  ws: Workspace,
  basedOn: number,
  now: Now = systemNow,
): CharterVersion {
  const created = execute(ws, () => {
    requirePermission(ws.actor, 'charter.edit', 'Starting a charter draft');
    const source = getCharterVersion(ws, basedOn);
    const open = listCharterVersions(ws).find((v) => openStatuses.includes(v.status));
    if (open) {
      throw new AppError(
        'CONFLICT',
        `Version ${open.version} is still ${statusPhrases[open.status]}; publish or discard it before starting another draft.`,
      );
    }
    const version = nextVersionNumber(ws);
    return {
      events: [
        {
          type: 'charter.draft_created',
          payload: {
            id: randomUUID(),
            ownerNode: ws.node.nodeId,
            version,
            basedOn: source.version,
            content: source.content,
            by: ws.actor.name,
            at: now(),
          },
        },
      ],
      result: version,
    };
  });
  return getCharterVersion(ws, created);
}

/** Saves the draft's content; the revision goes up by one so other open editors go stale. */
export function saveCharterDraft(
  ws: Workspace,
  change: CharterStep & { content: CharterContent },
  now: Now = systemNow,
): CharterVersionSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'charter.edit', 'Editing the charter');
    const current = getCharterVersion(ws, change.version);
    requireStatus(current, ['draft'], 'edited', 'Return it to draft first.');
    requireRevision(current, change.expectedRevision);
    // The contract parsed it already; the CLI and other callers come this way too.
    const content = parseOrRefuse(
      charterContentSchema,
      change.content,
      'The charter is not valid',
      'content',
    );
    return {
      events: [
        {
          type: 'charter.draft_saved',
          payload: { ...stamp(ws, current, now), revision: current.revision + 1, content },
        },
      ],
      result: undefined,
    };
  });
  return summaryOf(getCharterVersion(ws, change.version));
}

/** Draft → in review. */
export function submitCharter(
  ws: Workspace,
  step: CharterStep,
  now: Now = systemNow,
): CharterVersionSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'charter.edit', 'Submitting the charter for review');
    const current = getCharterVersion(ws, step.version);
    requireStatus(current, ['draft'], 'submitted for review', 'Only a draft can be submitted.');
    requireRevision(current, step.expectedRevision);
    return {
      events: [{ type: 'charter.submitted', payload: stamp(ws, current, now) }],
      result: undefined,
    };
  });
  return summaryOf(getCharterVersion(ws, step.version));
}

/** In review or approved → draft, saying what needs to change. */
export function returnCharter(
  ws: Workspace,
  step: CharterStep & { reason: string },
  now: Now = systemNow,
): CharterVersionSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'charter.edit', 'Returning the charter to draft');
    const current = getCharterVersion(ws, step.version);
    requireStatus(
      current,
      ['in_review', 'approved'],
      'returned to draft',
      'Only a version in review or approved can be returned.',
    );
    requireRevision(current, step.expectedRevision);
    const reason = parseOrRefuse(
      charterNoteSchema.min(1, 'Say what needs to change'),
      step.reason,
      'Returning a version needs a reason',
      'reason',
    );
    return {
      events: [{ type: 'charter.returned', payload: { ...stamp(ws, current, now), reason } }],
      result: undefined,
    };
  });
  return summaryOf(getCharterVersion(ws, step.version));
}

/**
 * In review → approved. Where the node has several active leads, approval is a second pair of
 * eyes: the author and everyone who edited the draft may not approve it. Every grant the
 * version puts out of bounds needs a remediation (decideRemediations); revocations and
 * narrowings are written in the approval's transaction.
 */
export function approveCharter(
  ws: Workspace,
  step: CharterStep & { note: string; remediations?: readonly GrantRemediationInput[] },
  now: Now = systemNow,
): CharterVersionSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'charter.approve', 'Approving a charter');
    const current = getCharterVersion(ws, step.version);
    requireStatus(current, ['in_review'], 'approved', 'Only a version in review can be approved.');
    requireRevision(current, step.expectedRevision);
    const note = parseOrRefuse(charterNoteSchema, step.note, 'The approval note', 'note');
    const leads = activeLeads(ws);
    const approver = ws.actor.name;
    const involved = new Set([current.created.by, ...current.editors]);
    if (leads.length > 1 && involved.has(approver)) {
      const others = leads.filter((lead) => !involved.has(lead));
      throw new AppError(
        'FORBIDDEN_ROLE',
        `Another governance lead must approve version ${current.version}: ${approver} wrote or edited it. ${
          others.length > 0
            ? `Leads who may approve: ${others.join(', ')}.`
            : 'Every active lead has edited it; add a lead who has not.'
        }`,
      );
    }
    const remediations = parseOrRefuse(
      remediationListSchema,
      step.remediations ?? [],
      'The remediations are not valid',
      'remediations',
    );
    const approval = stamp(ws, current, now);
    const decided = decideRemediations(ws, current, remediations, approval.at);
    return {
      events: [
        ...decided.events,
        { type: 'charter.approved', payload: { ...approval, note, approval: decided.record } },
      ],
      result: undefined,
    };
  });
  return summaryOf(getCharterVersion(ws, step.version));
}

/** Approved → published; the version published until now becomes superseded. */
export function publishCharter(
  ws: Workspace,
  step: CharterStep,
  now: Now = systemNow,
): CharterVersionSummary {
  execute(ws, () => {
    requirePermission(ws.actor, 'charter.approve', 'Publishing the charter');
    const current = getCharterVersion(ws, step.version);
    requireStatus(current, ['approved'], 'published', 'Only an approved version can be published.');
    requireRevision(current, step.expectedRevision);
    const supersedes = getGoverningCharter(ws)?.id ?? null;
    return {
      events: [{ type: 'charter.published', payload: { ...stamp(ws, current, now), supersedes } }],
      result: undefined,
    };
  });
  return summaryOf(getCharterVersion(ws, step.version));
}

/**
 * Deletes a version that was never published; the ledger keeps its history. The only version
 * left cannot go: a new draft is always started from an existing version.
 */
export function discardCharterVersion(
  ws: Workspace,
  step: CharterStep,
  now: Now = systemNow,
): { discarded: number } {
  return execute(ws, () => {
    requirePermission(ws.actor, 'charter.edit', 'Discarding a charter version');
    const current = getCharterVersion(ws, step.version);
    requireStatus(current, openStatuses, 'discarded', '');
    requireRevision(current, step.expectedRevision);
    if (listCharterVersions(ws).length === 1) {
      throw new AppError(
        'CONFLICT',
        `Version ${current.version} is the only charter version; edit it rather than discarding it.`,
      );
    }
    return {
      events: [{ type: 'charter.draft_discarded', payload: stamp(ws, current, now) }],
      result: { discarded: current.version },
    };
  });
}
