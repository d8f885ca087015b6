import {
  type CharterApprovalRecord,
  describeApprovalRecord,
  describeRemediationGroup,
} from '../../../shared/domain/charter-remediation';
import { pluralise } from '../../ui/format';
import './approve-dialog.css';

/**
 * What the approval decided for the grants, beside its stamp: the counts the lead was shown
 * and each remediation with its justification. Each grant's own history cites the version too.
 */
export function ApprovalRecordStamp({ record }: { record: CharterApprovalRecord }) {
  return (
    <div data-testid="approval-record">
      <dt>Grants</dt>
      <dd>
        {describeApprovalRecord(record)}
        {record.remediations.length > 0 ? (
          <details className="charter-approval-details">
            <summary>What was decided</summary>
            <ul className="charter-approval-groups">
              {record.remediations.map((group) => (
                <li key={`${group.action}:${group.grantIds[0] ?? ''}`}>
                  {describeRemediationGroup(group)}: {pluralise(group.grantIds.length, 'grant')} —{' '}
                  <q>{group.justification}</q>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </dd>
    </div>
  );
}
