import type { CharterContent, DataCategory } from '../../../shared/domain/charter';
import {
  cadenceKey,
  cadenceLabels,
  formatIsoDuration,
  sensitivityLabels,
} from '../../../shared/domain/governance-terms';
import { legalBasisLabels, namer } from './governance-labels';

function List({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="cell-muted">{empty}</span>;
  return (
    <ul className="rule-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/** What the charter's category allows, in the charter's own names rather than its ids. */
export function CategoryRules({
  content,
  category,
}: {
  content: CharterContent;
  category: DataCategory;
}) {
  const levelName = namer(content.accessLevels);
  const purposeName = namer(content.purposes);
  return (
    <dl className="rule-grid" data-testid="category-rules">
      <div>
        <dt>Sensitivity</dt>
        <dd>
          At least {sensitivityLabels[category.sensitivity].toLowerCase()}
          {category.personalData ? '; holds personal data' : ''}
        </dd>
      </div>
      <div>
        <dt>Maximum access per partner tier</dt>
        <dd>
          <ul className="rule-list">
            {content.partnerTiers.map((tier) => {
              const level = category.maxAccess[tier.id];
              return (
                <li key={tier.id}>
                  {tier.name}: {level === undefined ? 'not set' : levelName(level)}
                </li>
              );
            })}
          </ul>
        </dd>
      </div>
      <div>
        <dt>Allowed cadences</dt>
        <dd>
          <List
            items={category.allowedCadences.map((cadence) => cadenceLabels[cadenceKey(cadence)])}
            empty="None"
          />
        </dd>
      </div>
      <div>
        <dt>Permitted purposes</dt>
        <dd>
          <List items={category.permittedPurposes.map(purposeName)} empty="None listed" />
        </dd>
      </div>
      <div>
        <dt>Prohibited purposes</dt>
        <dd>
          <List items={category.prohibitedPurposes.map(purposeName)} empty="None" />
        </dd>
      </div>
      <div>
        <dt>Prohibited uses</dt>
        <dd>
          <List items={category.prohibitedUses} empty="None" />
        </dd>
      </div>
      <div>
        <dt>Retention</dt>
        <dd>At most {formatIsoDuration(category.retention)}</dd>
      </div>
      <div>
        <dt>Legal basis</dt>
        <dd>{legalBasisLabels[category.legalBasis]}</dd>
      </div>
      <div>
        <dt>Longest grant</dt>
        <dd>{formatIsoDuration(category.maxGrantDuration)}</dd>
      </div>
      <div>
        <dt>Category owner</dt>
        <dd>{category.owner}</dd>
      </div>
    </dl>
  );
}
