import type { DiffItem, SnapshotDiff, SnapshotRecordKind } from '../../../shared/domain/sync';
import { formatCount } from '../../ui/format';

export const kindLabels: Record<SnapshotRecordKind, string> = {
  charter: 'Charter versions',
  dataset: 'Datasets',
  principal: 'Principals',
  grant: 'Grants',
  endorsement: 'Endorsements',
};

const kindOrder: readonly SnapshotRecordKind[] = [
  'charter',
  'dataset',
  'principal',
  'grant',
  'endorsement',
];

/** A column name as people read it: `until_day` → "until day". */
function fieldLabel(field: string): string {
  return field.replaceAll('_', ' ');
}

function byKind(items: readonly DiffItem[]): [SnapshotRecordKind, DiffItem[]][] {
  return kindOrder
    .map((kind): [SnapshotRecordKind, DiffItem[]] => [
      kind,
      items.filter((item) => item.kind === kind),
    ])
    .filter(([, listed]) => listed.length > 0);
}

const sections = [
  { key: 'added', title: 'Added', tone: 'diff-added' },
  { key: 'changed', title: 'Changed', tone: 'diff-changed' },
  { key: 'removed', title: 'Removed', tone: 'diff-removed' },
] as const;

/** "4 added · 1 changed · 0 removed". */
export function diffCountsText(counts: SnapshotDiff['counts']): string {
  return `${formatCount(counts.added)} added · ${formatCount(counts.changed)} changed · ${formatCount(counts.removed)} removed`;
}

/**
 * What an import changed, readable: added, changed (with the fields) and removed records,
 * grouped by kind. Main lists the first records of each; the counts are exact, and the rest
 * are named as "and N more".
 */
export function DiffView({ diff }: { diff: SnapshotDiff }) {
  const { counts } = diff;
  if (counts.added + counts.changed + counts.removed === 0) {
    return (
      <p className="diff-none" data-testid="snapshot-diff">
        Nothing changed: the snapshot holds the same records as the one before.
      </p>
    );
  }
  return (
    <div className="diff-view" data-testid="snapshot-diff">
      <p className="diff-counts">{diffCountsText(counts)}</p>
      {sections.map(({ key, title, tone }) => {
        const items = diff[key];
        const total = counts[key];
        if (total === 0) return null;
        const more = total - items.length;
        return (
          <section key={key} className={`diff-section ${tone}`} aria-label={`${title} records`}>
            <h3 className="diff-title">
              {title} <span className="diff-total">({formatCount(total)})</span>
            </h3>
            {byKind(items).map(([kind, listed]) => (
              <div key={kind} className="diff-kind">
                <h4 className="diff-kind-title">
                  {kindLabels[kind]}{' '}
                  <span className="diff-total">({formatCount(listed.length)})</span>
                </h4>
                <ul className="diff-list">
                  {listed.map((item) => (
                    <li key={`${item.kind}:${item.id}`}>
                      <span className="diff-label">{item.label}</span>
                      {item.fields && item.fields.length > 0 ? (
                        <span className="diff-fields">
                          {' '}
                          — {item.fields.map(fieldLabel).join(', ')}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {more > 0 ? (
              <p className="diff-more">
                and {formatCount(more)} more{' '}
                <span className="cell-muted">
                  (only the first {formatCount(items.length)} are listed)
                </span>
              </p>
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
