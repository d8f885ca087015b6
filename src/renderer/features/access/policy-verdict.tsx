import {
  policyRuleLabels,
  type PolicyDecision,
  type PolicyReason,
} from '../../../shared/domain/access';

interface PolicyVerdictProps {
  decision: PolicyDecision;
  /**
   * Show only the failed checks, and fold the passed ones away when all pass (the form while it
   * is being filled).
   */
  failedOnly?: boolean;
  testId?: string;
}

function Check({ reason }: { reason: PolicyReason }) {
  const passed = reason.outcome === 'pass';
  return (
    <li
      className={passed ? 'verdict-check verdict-pass' : 'verdict-check verdict-fail'}
      data-rule={reason.rule}
    >
      <span className="verdict-mark" aria-hidden="true">
        {passed ? '✓' : '✗'}
      </span>
      <span className="verdict-text">
        <span className="verdict-rule">
          {policyRuleLabels[reason.rule]}
          <span className="visually-hidden">{passed ? ' (passed)' : ' (failed)'}</span>
        </span>
        <span className="verdict-message">{reason.message}</span>
      </span>
    </li>
  );
}

function CheckList({ reasons }: { reasons: readonly PolicyReason[] }) {
  return (
    <ul className="verdict-checks">
      {reasons.map((reason) => (
        <Check key={reason.rule} reason={reason} />
      ))}
    </ul>
  );
}

/**
 * The policy engine's verdict with its reasons: the same checks, in the same order, as main
 * and the CLI report them.
 */
export function PolicyVerdict({ decision, failedOnly = false, testId }: PolicyVerdictProps) {
  const allowed = decision.decision === 'allow';
  const failed = decision.reasons.filter((reason) => reason.outcome === 'fail');
  const shown = failedOnly ? failed : decision.reasons;
  return (
    <div
      className={allowed ? 'verdict verdict-allow' : 'verdict verdict-deny'}
      data-testid={testId}
      data-decision={decision.decision}
      role="status"
    >
      <p className="verdict-headline">
        {allowed
          ? 'Allowed: within the governing charter.'
          : `Denied: ${String(failed.length)} check${failed.length === 1 ? '' : 's'} of the charter fail${failed.length === 1 ? 's' : ''}.`}
      </p>
      {allowed && failedOnly ? (
        <details className="verdict-details">
          <summary>All {decision.reasons.length} checks pass</summary>
          <CheckList reasons={decision.reasons} />
        </details>
      ) : shown.length > 0 ? (
        <CheckList reasons={shown} />
      ) : null}
    </div>
  );
}
