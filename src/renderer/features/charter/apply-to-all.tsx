import { useId, useState } from 'react';
import type { CharterContent } from '../../../shared/domain/charter';
import {
  remediationActionLabels,
  remediationActionSchema,
} from '../../../shared/domain/charter-remediation';
import { formatCount } from '../../ui/format';
import { emptyDraft, type RemediationDraft } from './use-remediations';

interface ApplyToAllProps {
  total: number;
  undecided: number;
  charter: CharterContent;
  onApply: (draft: RemediationDraft, onlyUndecided: boolean) => void;
}

/**
 * One remediation for many grants: a tightened charter can put hundreds out of bounds for
 * the same reason. Each row can still be changed afterwards.
 */
export function ApplyToAll({ total, undecided, charter, onApply }: ApplyToAllProps) {
  const id = useId();
  const [draft, setDraft] = useState<RemediationDraft>(emptyDraft);
  const ready =
    draft.action !== '' &&
    draft.justification.trim() !== '' &&
    (draft.action !== 'narrow' || draft.level !== '' || draft.until !== '');
  const change = (next: Partial<RemediationDraft>) => {
    setDraft((current) => ({ ...current, ...next }));
  };
  return (
    <fieldset className="impact-apply-all" data-testid="impact-apply-all">
      <legend className="impact-apply-all-legend">Apply one remediation to many grants</legend>
      <div className="impact-row-controls">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-choice`}>
            Remediation
          </label>
          <select
            id={`${id}-choice`}
            className="input"
            value={draft.action}
            onChange={(event) => {
              const action = remediationActionSchema.safeParse(event.target.value);
              change({ action: action.success ? action.data : '' });
            }}
          >
            <option value="">Choose…</option>
            {remediationActionSchema.options.map((action) => (
              <option key={action} value={action}>
                {remediationActionLabels[action]}
              </option>
            ))}
          </select>
        </div>
        {draft.action === 'narrow' ? (
          <>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-level`}>
                Narrow to level
              </label>
              <select
                id={`${id}-level`}
                className="input"
                value={draft.level}
                onChange={(event) => {
                  change({ level: event.target.value });
                }}
              >
                <option value="">Keep each grant’s level</option>
                {charter.accessLevels.map((level) => (
                  <option key={level.id} value={level.id}>
                    {level.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-until`}>
                End day
              </label>
              <input
                id={`${id}-until`}
                type="date"
                className="input"
                value={draft.until}
                onChange={(event) => {
                  change({ until: event.target.value });
                }}
              />
            </div>
          </>
        ) : null}
        <div className="field impact-row-justification">
          <label className="field-label" htmlFor={`${id}-justification`}>
            Justification
          </label>
          <textarea
            id={`${id}-justification`}
            className="input"
            rows={2}
            maxLength={2000}
            value={draft.justification}
            onChange={(event) => {
              change({ justification: event.target.value });
            }}
          />
        </div>
      </div>
      {draft.action === 'narrow' && draft.level !== '' ? (
        <p className="impact-apply-all-hint">A grant already below that level keeps its own.</p>
      ) : null}
      <div className="impact-apply-all-actions">
        <button
          type="button"
          className="button"
          disabled={!ready || undecided === 0}
          onClick={() => {
            onApply(draft, true);
          }}
        >
          Apply to the {formatCount(undecided)} without a remediation
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready}
          onClick={() => {
            onApply(draft, false);
          }}
        >
          Apply to all {formatCount(total)}
        </button>
      </div>
    </fieldset>
  );
}
