import type { CharterChange, CharterDiff } from '../../../shared/domain/charter-diff-schema';
import { Badge, type BadgeTone } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { pluralise } from '../../ui/format';

const kindLabels: Record<CharterChange['kind'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved',
};
const kindTones: Record<CharterChange['kind'], BadgeTone> = {
  added: 'green',
  removed: 'red',
  changed: 'amber',
  moved: 'blue',
};

function Value({ text, kind }: { text: string | null; kind: 'before' | 'after' }) {
  if (text === null || text === '') return <span className="charter-diff-none">—</span>;
  return kind === 'before' ? (
    <del className="charter-diff-before">{text}</del>
  ) : (
    <ins className="charter-diff-after">{text}</ins>
  );
}

function Change({ change }: { change: CharterChange }) {
  return (
    <li
      className={`charter-diff-change charter-diff-${change.kind}`}
      data-testid="diff-change"
      data-kind={change.kind}
    >
      <div className="charter-diff-change-head">
        <Badge tone={kindTones[change.kind]}>{kindLabels[change.kind]}</Badge>
        <span className="charter-diff-label">{change.label}</span>
        <code className="charter-diff-key">{change.key}</code>
      </div>
      {change.details.length > 0 ? (
        <table className="charter-diff-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Before</th>
              <th scope="col" aria-hidden="true" />
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {change.details.map((detail) => (
              <tr key={detail.field}>
                <th scope="row">{detail.label}</th>
                <td>
                  <Value text={detail.before} kind="before" />
                </td>
                <td className="charter-diff-arrow" aria-hidden="true">
                  →
                </td>
                <td>
                  <Value text={detail.after} kind="after" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}

/** A structured diff of two versions: per section, what was added, removed or changed. */
export function DiffView({ diff }: { diff: CharterDiff }) {
  const sections = diff.sections.filter((section) => section.changes.length > 0);
  if (diff.changeCount === 0 || sections.length === 0) {
    return (
      <EmptyState title="No differences">
        Versions {diff.from} and {diff.to} say the same thing.
      </EmptyState>
    );
  }
  return (
    <div className="charter-diff" data-testid="charter-diff">
      <p className="charter-diff-summary" role="status">
        {pluralise(diff.changeCount, 'change')} from version {diff.from} to version {diff.to}, in{' '}
        {pluralise(sections.length, 'section')}.
      </p>
      {sections.map((section) => (
        <section
          key={section.section}
          className="charter-diff-section card"
          aria-labelledby={`diff-${section.section}`}
        >
          <h2 id={`diff-${section.section}`} className="section-title">
            {section.title} <span className="charter-diff-count">({section.changes.length})</span>
          </h2>
          <ul className="charter-diff-changes">
            {section.changes.map((change) => (
              <Change key={`${change.kind}:${change.key}`} change={change} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
