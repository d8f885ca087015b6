import { type Role, roleLabels } from '../../../shared/domain/roles';
import type { NodeIdentity } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';

/** Roles are enforced here, in main, not only hidden in the UI (ARCHITECTURE.md §1). */
export function requireRole(node: NodeIdentity, role: Role, action: string): void {
  if (node.roles.includes(role)) return;
  const held = node.roles.map((r) => roleLabels[r]).join(', ');
  throw new AppError(
    'FORBIDDEN_ROLE',
    `${action} needs the ${roleLabels[role]} role; this workspace's operator holds: ${held}.`,
  );
}
