import type {
  CharterOverview,
  CharterVersionSummary,
} from '../../../shared/domain/charter-version';
import { roleLabels, type Role } from '../../../shared/domain/roles';

/** The member this session acts as (members.list), or the node's operator as a fallback. */
export interface CharterActor {
  name: string;
  roles: readonly Role[];
}

export type CharterActionId =
  'save' | 'submit' | 'return' | 'approve' | 'publish' | 'discard' | 'newDraft' | 'exportOdrl';

export interface CharterAction {
  id: CharterActionId;
  /** Why the action cannot be taken now; null when it can. */
  blockedBy: string | null;
}

export interface CharterActionContext {
  version: CharterVersionSummary;
  overview: CharterOverview;
  actor: CharterActor;
  /** The workspace file is open read-only. */
  workspaceReadOnly: boolean;
  /** The editor holds changes that are not saved. */
  dirty: boolean;
}

/** Whether the actor's roles let them change the charter at all; the reason when not. */
export function editBlocker(actor: CharterActor, workspaceReadOnly: boolean): string | null {
  if (workspaceReadOnly) return 'This workspace is open read-only, so the charter cannot change.';
  if (!actor.roles.includes('lead')) {
    const held = actor.roles.map((role) => roleLabels[role]).join(', ');
    return `Only a governance lead can change the charter; ${actor.name} acts as ${held || 'no role'}.`;
  }
  return null;
}

/** True when the actor created or edited the version (the author, for the approval rule). */
export function isAuthor(version: CharterVersionSummary, actor: CharterActor): boolean {
  return version.created.by === actor.name || version.editors.includes(actor.name);
}

function approvalBlocker(context: CharterActionContext): string | null {
  const { version, overview, actor } = context;
  if (!overview.separateApprover || !isAuthor(version, actor)) return null;
  const others = overview.leads.filter(
    (lead) => lead !== actor.name && !isAuthor(version, { name: lead, roles: [] }),
  );
  const ask =
    others.length > 0
      ? ` Ask ${others.join(' or ')} to approve it.`
      : ' No other lead can approve it yet.';
  return `This workspace has ${String(overview.leads.length)} leads, so a lead who did not write version ${String(version.version)} must approve it; you edited it.${ask}`;
}

/** The lifecycle actions offered for a version in its status, each with what blocks it. */
export function charterActions(context: CharterActionContext): CharterAction[] {
  const { version, overview, actor, workspaceReadOnly, dirty } = context;
  const blocked = editBlocker(actor, workspaceReadOnly);
  const action = (id: CharterActionId, blockedBy: string | null = blocked): CharterAction => ({
    id,
    blockedBy,
  });
  switch (version.status) {
    case 'draft':
      return [
        action('save'),
        action('submit', blocked ?? (dirty ? 'Save your changes before submitting.' : null)),
        action('discard'),
      ];
    case 'in_review':
      return [action('approve', blocked ?? approvalBlocker(context)), action('return')];
    case 'approved':
      return [action('publish'), action('return')];
    case 'published':
    case 'superseded':
      return [
        ...(overview.openVersion === null ? [action('newDraft')] : []),
        action('exportOdrl', null),
      ];
  }
}
