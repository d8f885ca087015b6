import { type ReviewDecision, reviewDecisionLabels } from '../../../shared/domain/review';
import { Badge, type BadgeTone } from '../../ui/badge';

const decisionTones: Record<ReviewDecision, BadgeTone> = {
  keep: 'green',
  revoke: 'red',
  narrow: 'amber',
};

/** An item's decision, or "Undecided". */
export function DecisionBadge({ decision }: { decision: ReviewDecision | null }) {
  return decision === null ? (
    <Badge tone="neutral">Undecided</Badge>
  ) : (
    <Badge tone={decisionTones[decision]}>{reviewDecisionLabels[decision]}</Badge>
  );
}
