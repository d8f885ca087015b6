import { Link } from 'react-router';
import { checkDatasetAgainstCharter } from '../../../shared/domain/catalog-rules';
import type { Dataset } from '../../../shared/domain/dataset';
import { Banner, ErrorText } from '../../ui/banner';
import { pluralise } from '../../ui/format';
import { CategoryRules } from './category-rules';
import { draftOf } from './dataset-draft';
import { FindingList } from './findings-panel';
import { findCategory } from './governance-labels';
import type { GoverningCharter } from './use-governing-charter';

/**
 * Which charter rules govern the stored dataset, and where it breaks them now: after a charter
 * change a dataset that was fine when saved can fall outside its category's rules.
 */
export function DatasetGovernance({
  dataset,
  charter: state,
}: {
  dataset: Dataset;
  charter: GoverningCharter;
}) {
  let body;
  let heading = 'Governance';
  if (state.status === 'loading') {
    body = <p className="aside-note">Loading the governing charter…</p>;
  } else if (state.status === 'failed') {
    body = (
      <p className="aside-note">
        The governing charter could not be loaded: <ErrorText error={state.error} />
      </p>
    );
  } else if (state.charter === null) {
    body = (
      <p className="aside-note">
        No charter is published yet, so no rules govern this dataset.{' '}
        <Link to="/charter">Open the charter</Link>
      </p>
    );
  } else {
    const { charter } = state;
    const category = findCategory(charter.content, dataset.category);
    const findings =
      dataset.category === ''
        ? [
            {
              rule: 'category.known' as const,
              field: 'category',
              message: 'It has no category yet; choose one of the charter’s.',
            },
          ]
        : checkDatasetAgainstCharter(draftOf(dataset), charter.content);
    heading = `Governed by charter v${String(charter.version)}${category ? ` — ${category.name}` : ''}`;
    body = (
      <>
        {findings.length > 0 ? (
          <Banner tone="warning" title={`Breaks ${pluralise(findings.length, 'charter rule')}`}>
            <FindingList findings={findings} />
          </Banner>
        ) : (
          <p className="aside-note">The saved dataset keeps every rule of its category.</p>
        )}
        {category ? <CategoryRules content={charter.content} category={category} /> : null}
      </>
    );
  }
  return (
    <section
      className="aside-card"
      aria-labelledby="dataset-governance-title"
      data-testid="dataset-governance"
    >
      <h2 id="dataset-governance-title" className="governance-title">
        {heading}
      </h2>
      {body}
    </section>
  );
}
