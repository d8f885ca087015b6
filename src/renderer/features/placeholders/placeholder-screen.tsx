import { Badge } from '../../ui/badge';
import { PageHeader } from '../../ui/page-header';
import { placeholderContent, type PlaceholderPage } from './placeholder-content';
import './placeholders.css';

/** A screen that is planned but not built yet: it says what it will hold. */
export function PlaceholderScreen({ page }: { page: PlaceholderPage }) {
  const content = placeholderContent[page];
  return (
    <div className="page">
      <PageHeader title={content.title} eyebrow={<Badge>Coming soon</Badge>} />
      <section className="placeholder" aria-labelledby={`placeholder-${page}`}>
        <div className="placeholder-icon" aria-hidden="true">
          {content.icon}
        </div>
        <h2 id={`placeholder-${page}`} className="placeholder-title">
          Not built yet
        </h2>
        <p className="placeholder-summary">{content.summary}</p>
        <ul className="placeholder-points">
          {content.points.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
