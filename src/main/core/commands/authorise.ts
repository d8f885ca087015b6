import { type Permission, permissionBlocker } from '../../../shared/domain/permissions';
import type { Role } from '../../../shared/domain/roles';
import { AppError } from '../../../shared/errors';

/**
 * Roles are enforced here, in main, not only hidden in the UI (ARCHITECTURE.md §1): every
 * command asks the permission matrix before it writes anything.
 */
export function requirePermission(
  actor: { name: string; roles: readonly Role[] },
  permission: Permission,
  action: string,
): void {
  const blocker = permissionBlocker(actor, permission, action);
  if (blocker !== null) throw new AppError('FORBIDDEN_ROLE', blocker);
}
