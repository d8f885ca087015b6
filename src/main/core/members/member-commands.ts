import { randomUUID } from 'node:crypto';
import type { Member, NewMember } from '../../../shared/domain/member';
import { AppError } from '../../../shared/errors';
import { requirePermission } from '../commands/authorise';
import { execute } from '../commands/execute';
import type { Workspace } from '../workspace/workspace';

function assertNameFree(ws: Workspace, name: string, exceptId?: string): void {
  const clash = ws
    .members()
    .find((m) => m.name.toLowerCase() === name.toLowerCase() && m.id !== exceptId);
  if (clash) {
    throw new AppError('DUPLICATE', `${name} is already a member of this workspace.`, [
      { path: 'name', message: 'Another member has this name' },
    ]);
  }
}

/** Governance leads decide who shares the node and with which roles. */
export function addMember(ws: Workspace, member: NewMember, now = new Date()): Member {
  requirePermission(ws.actor, 'member.manage', 'Adding a member');
  return execute(ws, () => {
    assertNameFree(ws, member.name);
    const added: Member = {
      id: randomUUID(),
      ...member,
      active: true,
      addedAt: now.toISOString(),
    };
    return {
      events: [
        { type: 'member.added', payload: { ...member, id: added.id, addedAt: added.addedAt } },
      ],
      result: added,
    };
  });
}

export function updateMember(
  ws: Workspace,
  change: NewMember & { id: string; active: boolean },
): Member {
  requirePermission(ws.actor, 'member.manage', 'Changing a member');
  return execute(ws, () => {
    const current = ws.members().find((m) => m.id === change.id);
    if (!current) throw new AppError('NOT_FOUND', `No member with id ${change.id}.`);
    assertNameFree(ws, change.name, change.id);
    const leadsAfter = ws
      .members()
      .map((m) => (m.id === change.id ? { ...m, ...change } : m))
      .filter((m) => m.active && m.roles.includes('lead'));
    if (leadsAfter.length === 0) {
      throw new AppError(
        'CONFLICT',
        'The workspace needs at least one active governance lead; give the role to someone else first.',
      );
    }
    const updated: Member = { ...current, ...change };
    return {
      events: [
        {
          type: 'member.updated',
          payload: { id: change.id, name: change.name, roles: change.roles, active: change.active },
        },
      ],
      result: updated,
    };
  });
}
