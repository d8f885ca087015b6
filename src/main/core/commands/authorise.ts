import { type Role, roleLabels } from '../../../shared/domain/roles';
import { AppError } from '../../../shared/errors';

/** Roles are enforced here, in main, not only hidden in the UI (ARCHITECTURE.md §1). */
export function requireRole(
  actor: { name: string; roles: readonly Role[] },
  role: Role,
  action: string,
): void {
  if (actor.roles.includes(role)) return;
  const held = actor.roles.map((r) => roleLabels[r]).join(', ');
  throw new AppError(
    'FORBIDDEN_ROLE',
    `${action} needs the ${roleLabels[role]} role; ${actor.name} holds: ${held}.`,
  );
}
