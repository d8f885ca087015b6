import { grantStatusLabels, type GrantStatus } from '../../../shared/domain/access';
import { Badge, type BadgeTone } from '../../ui/badge';

const grantStatusTones: Record<GrantStatus, BadgeTone> = {
  requested: 'blue',
  approved: 'accent',
  active: 'green',
  suspended: 'amber',
  expired: 'neutral',
  revoked: 'red',
};

export function GrantStatusBadge({ value }: { value: GrantStatus }) {
  return <Badge tone={grantStatusTones[value]}>{grantStatusLabels[value]}</Badge>;
}

/** The policy's verdict on a grant under the charter that governs now. */
export function VerdictBadge({ decision, failed }: { decision: 'allow' | 'deny'; failed: number }) {
  if (decision === 'allow') return <Badge tone="green">Within charter</Badge>;
  return (
    <span
      title={`Fails ${String(failed)} check${failed === 1 ? '' : 's'} of the governing charter`}
    >
      <Badge tone="red">Out of bounds</Badge>
    </span>
  );
}
