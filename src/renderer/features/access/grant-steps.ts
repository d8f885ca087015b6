import type { GrantStatus } from '../../../shared/domain/access';
import { type Permission, permissionBlocker } from '../../../shared/domain/permissions';
import type { Role } from '../../../shared/domain/roles';

export type GrantStepId = 'approve' | 'suspend' | 'reinstate' | 'narrow' | 'revoke';

export interface GrantStepOffer {
  id: GrantStepId;
  label: string;
  /** Why it cannot be taken by this person now; null when it can. */
  blockedBy: string | null;
}

const stepMeta: Record<GrantStepId, { label: string; permission: Permission; action: string }> = {
  approve: { label: 'Approve', permission: 'grant.approve', action: 'Approving a grant' },
  suspend: { label: 'Suspend', permission: 'grant.change', action: 'Suspending a grant' },
  reinstate: { label: 'Reinstate', permission: 'grant.change', action: 'Reinstating a grant' },
  narrow: { label: 'Narrow…', permission: 'grant.change', action: 'Narrowing a grant' },
  revoke: { label: 'Revoke…', permission: 'grant.change', action: 'Revoking a grant' },
};

/** The lifecycle steps a grant in `status` can take (the same rules main enforces). */
export function stepsFor(status: GrantStatus): GrantStepId[] {
  switch (status) {
    case 'requested':
      return ['approve', 'narrow', 'revoke'];
    case 'approved':
    case 'active':
      return ['suspend', 'narrow', 'revoke'];
    case 'suspended':
      return ['reinstate', 'narrow', 'revoke'];
    case 'expired':
    case 'revoked':
      return [];
  }
}

/** The steps offered to `actor`, each disabled with the role it needs when they lack it. */
export function grantStepOffers(
  status: GrantStatus,
  actor: { name: string; roles: readonly Role[] },
  readOnly: boolean,
): GrantStepOffer[] {
  return stepsFor(status).map((id) => {
    const meta = stepMeta[id];
    const label = id === 'revoke' && status === 'requested' ? 'Turn down…' : meta.label;
    return {
      id,
      label,
      blockedBy: readOnly
        ? 'This workspace is open read-only.'
        : permissionBlocker(actor, meta.permission, meta.action),
    };
  });
}
