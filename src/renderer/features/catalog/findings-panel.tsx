import { Link } from 'react-router';
import type { CharterFinding } from '../../../shared/domain/catalog-rules';
import { pluralise } from '../../ui/format';
import { AlertIcon, CheckIcon } from '../../ui/icons';
import { CategoryRules } from './category-rules';
import { useFormCharter } from './form-charter';
import { FormSection } from './form-section';

/** The field a finding is about, as the form labels it. */
function fieldLabel(field: string): string {
  const [head, index, leaf] = field.split('.');
  if (head === 'schemaFields' && index !== undefined) {
    const row = `Schema field ${String(Number(index) + 1)}`;
    return leaf === 'personalData' ? `${row}, personal data` : `${row}, classification`;
  }
  const labels: Record<string, string> = {
    category: 'Category',
    cadence: 'Cadence',
    sensitivity: 'Sensitivity',
    retention: 'Retention',
  };
  return labels[field] ?? field;
}

export function FindingList({ findings }: { findings: readonly CharterFinding[] }) {
  return (
    <ul className="finding-list" aria-label="Charter findings">
      {findings.map((finding) => (
        <li key={`${finding.field}:${finding.rule}`} className="finding">
          <AlertIcon />
          <span>
            <strong>{fieldLabel(finding.field)}:</strong> {finding.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function NoCharterNote() {
  return (
    <p className="finding-note">
      No charter is published yet, so there are no categories to choose from. Datasets are checked
      against the published charter: <Link to="/charter">open the charter</Link> to publish one.
    </p>
  );
}

/**
 * The live check of the draft against the governing charter, under the form: the same rules
 * main enforces when an active dataset is saved.
 */
export function FindingsPanel() {
  const { state, charter, category, findings } = useFormCharter();
  let body;
  if (state.status !== 'ready') {
    body = <p className="finding-note">The governing charter is not loaded yet.</p>;
  } else if (charter === null) {
    body = <NoCharterNote />;
  } else if (category === undefined && findings.length === 0) {
    body = (
      <p className="finding-note">
        Choose a category to check this dataset against charter v{charter.version}.
      </p>
    );
  } else if (findings.length === 0) {
    body = (
      <p className="finding-ok">
        <CheckIcon />
        Meets the rules of charter v{charter.version} for {category?.name}.
      </p>
    );
  } else {
    body = (
      <>
        <p className="finding-summary">
          Breaks {pluralise(findings.length, 'rule')} of charter v{charter.version}. An active
          dataset is saved only once it keeps them.
        </p>
        <FindingList findings={findings} />
      </>
    );
  }
  return (
    <FormSection
      id="findings"
      title="Charter findings"
      className="findings-panel"
      testId="charter-findings"
    >
      <div aria-live="polite">{body}</div>
      {charter && category ? (
        <details className="rules-disclosure">
          <summary>Rules of {category.name}</summary>
          <CategoryRules content={charter.content} category={category} />
        </details>
      ) : null}
    </FormSection>
  );
}
