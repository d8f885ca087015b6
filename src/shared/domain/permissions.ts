import { type Role, roleLabels } from './roles';

/**
 * What each in-app role may do (issue 5, item 7). Main enforces this on every command; the
 * renderer reads the same table to disable what the person at the keyboard may not do, and
 * Settings shows it. Auditors and viewers appear nowhere: they only read.
 */
export const permissions = {
  'charter.edit': { label: 'Draft, edit and submit the charter', roles: ['lead'] },
  'charter.approve': { label: 'Approve and publish a charter version', roles: ['lead'] },
  'member.manage': { label: 'Add members and change their roles', roles: ['lead'] },
  'catalog.write': { label: 'Add, edit and import datasets', roles: ['steward'] },
  'principal.write': {
    label: 'Record principals (partner and internal roles)',
    roles: ['steward'],
  },
  'grant.request': { label: 'Request access for a principal', roles: ['steward'] },
  'grant.approve': { label: 'Approve a grant', roles: ['steward'] },
  'grant.change': { label: 'Revoke, suspend, reinstate or narrow a grant', roles: ['steward'] },
  'review.manage': { label: 'Open and close access review campaigns', roles: ['lead'] },
  'review.decide': {
    label: 'Decide keep, revoke or narrow in a review (as its reviewer)',
    roles: ['lead', 'steward'],
  },
  'incident.record': { label: 'Record an incident', roles: ['lead', 'steward'] },
  'incident.manage': { label: 'Escalate and resolve incidents', roles: ['lead', 'steward'] },
  'ledger.checkpoint': { label: 'Sign a ledger checkpoint', roles: ['lead', 'steward'] },
  // Every node pins the peers it hears from: a steward's laptop its lead's node, an auditor's
  // node the nodes it verifies. Trust settings are not governance records.
  'peer.manage': {
    label: 'Add, change and revoke peers and their transports',
    roles: ['lead', 'steward', 'auditor'],
  },
  'snapshot.publish': {
    label: 'Publish signed snapshots to peers',
    roles: ['lead', 'steward'],
  },
  // Auditors collect what they verify: importing only adds verified replicas.
  'snapshot.import': {
    label: "Import peers' signed snapshots",
    roles: ['lead', 'steward', 'auditor'],
  },
  'charter.endorse': {
    label: "Endorse (countersign) a partner's published charter",
    roles: ['lead'],
  },
  // A restore rolls every governance record back to the backup; backing up changes nothing.
  'workspace.restore': { label: 'Restore the workspace from a backup', roles: ['lead'] },
} as const satisfies Record<string, { label: string; roles: readonly Role[] }>;

export type Permission = keyof typeof permissions;
export const permissionIds = Object.keys(permissions) as Permission[];

/** Whether someone holding `roles` may take the action. */
export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = permissions[permission].roles;
  return roles.some((role) => allowed.includes(role));
}

/** "the Governance lead role" or "the Governance lead or Data steward role". */
export function neededRoles(permission: Permission): string {
  const names = permissions[permission].roles.map((role: Role) => roleLabels[role]);
  return `the ${names.join(' or ')} role`;
}

/**
 * Why `actor` may not take the action, naming the role it needs, or null when they may.
 * `action` is the step in words ("Approving a grant").
 */
export function permissionBlocker(
  actor: { name: string; roles: readonly Role[] },
  permission: Permission,
  action: string,
): string | null {
  if (can(actor.roles, permission)) return null;
  const held = actor.roles.map((role) => roleLabels[role]).join(', ');
  return `${action} needs ${neededRoles(permission)}; ${actor.name} holds: ${held || 'no role'}.`;
}
