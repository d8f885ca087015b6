import { type Permission, permissionBlocker } from '../../../shared/domain/permissions';
import type { OpenWorkspace } from '../../app/workspace-context';

/** What each incident action needs, and how the refusal names it. */
const actions = {
  record: { permission: 'incident.record', words: 'Recording an incident' },
  escalate: { permission: 'incident.manage', words: 'Escalating an incident' },
  resolve: { permission: 'incident.manage', words: 'Resolving an incident' },
  changeGrants: { permission: 'grant.change', words: 'Suspending or revoking grants' },
} as const satisfies Record<string, { permission: Permission; words: string }>;

export type IncidentAction = keyof typeof actions;

/**
 * Why the member at the keyboard cannot take the action (naming the role it needs), or null.
 * Main refuses the same; the screen disables the button and says why in its title.
 */
export function incidentBlocker(status: OpenWorkspace, action: IncidentAction): string | null {
  if (status.readOnly) return 'This workspace is open read-only, so nothing can change.';
  const { permission, words } = actions[action];
  return permissionBlocker(status.actor, permission, words);
}
