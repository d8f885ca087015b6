import { describe, expect, it } from 'vitest';
import {
  can,
  permissionBlocker,
  type Permission,
  permissionIds,
} from '../../../shared/domain/permissions';
import { roleSchema } from '../../../shared/domain/roles';
import { requirePermission } from './authorise';

describe('the permission matrix', () => {
  it('leaves viewers read-only, and auditors able only to collect what they verify', () => {
    // An auditor's node pins the nodes it verifies and imports their snapshots (verified
    // replicas, ARCHITECTURE.md §1); it changes no governance record.
    const collecting: Permission[] = ['peer.manage', 'snapshot.import'];
    for (const permission of permissionIds) {
      expect(can(['auditor'], permission)).toBe(collecting.includes(permission));
      expect(can(['viewer'], permission)).toBe(false);
    }
  });

  it('lets only leads approve charters and only stewards grant', () => {
    const holders = (permission: Permission) =>
      roleSchema.options.filter((role) => can([role], permission));
    expect(holders('charter.approve')).toEqual(['lead']);
    expect(holders('charter.edit')).toEqual(['lead']);
    expect(holders('grant.request')).toEqual(['steward']);
    expect(holders('grant.approve')).toEqual(['steward']);
    expect(holders('grant.change')).toEqual(['steward']);
    expect(holders('review.decide')).toEqual(['lead', 'steward']);
  });

  it('names the role an action needs and what the person holds', () => {
    const auditor = { name: 'Ines', roles: ['auditor' as const] };
    expect(permissionBlocker(auditor, 'incident.record', 'Recording an incident')).toBe(
      'Recording an incident needs the Governance lead or Data steward role; Ines holds: Auditor.',
    );
    expect(permissionBlocker({ name: 'Ada', roles: ['lead'] }, 'charter.approve', 'x')).toBeNull();
    expect(() => requirePermission(auditor, 'grant.approve', 'Approving a grant')).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN_ROLE',
        message: 'Approving a grant needs the Data steward role; Ines holds: Auditor.',
      }),
    );
  });
});
