import type { Member, MemberList } from '../../../shared/domain/member';
import { roleListSchema } from '../../../shared/domain/roles';
import { all, qb } from '../db/sql';
import type { Workspace } from '../workspace/workspace';
import type Database from 'better-sqlite3';

export function readMembers(sqlite: Database.Database): Member[] {
  return all(sqlite, qb.selectFrom('member').selectAll().orderBy('added_at').orderBy('id')).map(
    (row) => ({
      id: row.id,
      name: row.name,
      roles: roleListSchema.parse(JSON.parse(row.roles)),
      active: row.active === 1,
      addedAt: row.added_at,
    }),
  );
}

export function listMembers(ws: Workspace): MemberList {
  return { members: ws.members(), actingId: ws.actor.id };
}
