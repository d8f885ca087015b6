import { useId } from 'react';
import { grantStatusLabels } from '../../../shared/domain/access';
import type { CharterContent } from '../../../shared/domain/charter';
import type { ImpactItem } from '../../../shared/domain/charter-impact';
import {
  remediationActionLabels,
  remediationActionSchema,
} from '../../../shared/domain/charter-remediation';
import { levelsAtOrBelow, missingPart, type RemediationDraft } from './use-remediations';

/** Names from the proposed charter where it has them, ids where it does not. */
export function charterNames(charter: CharterContent) {
  const level = (id: string) => charter.accessLevels.find((l) => l.id === id)?.name ?? id;
  const purpose = (id: string) => charter.purposes.find((p) => p.id === id)?.name ?? id;
  return { level, purpose };
}

type Names = ReturnType<typeof charterNames>;

/** Who, what, how far and how long: the grant's terms in one line. */
function GrantTerms({ item, names }: { item: ImpactItem; names: Names }) {
  return (
    <p className="impact-row-terms">
      {names.level(item.level)} for {names.purpose(item.purpose)} · from {item.start}{' '}
      {item.until === null ? 'with no end day' : `until ${item.until}`} ·{' '}
      {grantStatusLabels[item.status].toLowerCase()}
    </p>
  );
}

interface OutOfBoundsRowProps {
  item: ImpactItem;
  draft: RemediationDraft;
  charter: CharterContent;
  onChange: (change: Partial<RemediationDraft>) => void;
}

/** A grant the version puts out of bounds, why, and the lead's remediation for it. */
export function OutOfBoundsRow({ item, draft, charter, onChange }: OutOfBoundsRowProps) {
  const id = useId();
  const names = charterNames(charter);
  const missing = missingPart(item, draft);
  return (
    <li className="impact-row" data-testid="impact-out-of-bounds-row" data-grant={item.grantId}>
      <p id={`${id}-title`} className="impact-row-title">
        {item.principal} → {item.dataset}
      </p>
      <GrantTerms item={item} names={names} />
      <ul className="impact-row-checks" aria-label="Why it is out of bounds">
        {item.failed.map((reason) => (
          <li key={reason.rule}>{reason.message}</li>
        ))}
      </ul>
      <div className="impact-row-controls" role="group" aria-labelledby={`${id}-title`}>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-choice`}>
            Remediation
          </label>
          <select
            id={`${id}-choice`}
            className="input"
            data-testid="remediation-choice"
            value={draft.action}
            onChange={(event) => {
              const action = remediationActionSchema.safeParse(event.target.value);
              onChange({ action: action.success ? action.data : '' });
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
                data-testid="remediation-level"
                value={draft.level === '' ? item.level : draft.level}
                onChange={(event) => {
                  onChange({ level: event.target.value });
                }}
              >
                {levelsAtOrBelow(charter.accessLevels, item.level).map((level) => (
                  <option key={level.id} value={level.id}>
                    {level.id === item.level ? `${level.name} (unchanged)` : level.name}
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
                data-testid="remediation-until"
                value={draft.until}
                max={item.until ?? undefined}
                onChange={(event) => {
                  onChange({ until: event.target.value });
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
            data-testid="remediation-justification"
            value={draft.justification}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(event) => {
              onChange({ justification: event.target.value });
            }}
          />
        </div>
      </div>
      {missing ? (
        <p id={`${id}-missing`} className="impact-row-missing">
          {missing}
        </p>
      ) : null}
    </li>
  );
}

/** A grant denied now that the version would allow: shown so the lead knows, nothing to decide. */
export function NewlyAllowedRow({ item, charter }: { item: ImpactItem; charter: CharterContent }) {
  return (
    <li className="impact-row" data-testid="impact-newly-allowed-row" data-grant={item.grantId}>
      <p className="impact-row-title">
        {item.principal} → {item.dataset}
      </p>
      <GrantTerms item={item} names={charterNames(charter)} />
      <ul className="impact-row-checks" aria-label="Denied now because">
        {item.failed.map((reason) => (
          <li key={reason.rule}>{reason.message}</li>
        ))}
      </ul>
    </li>
  );
}
