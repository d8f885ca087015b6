import { useId } from 'react';
import type { CharterSection } from '../../../shared/domain/charter-diff-schema';
import { CategoriesSection } from './categories-section';
import { useCharterForm } from './charter-form';
import { charterSections, charterSectionTitles, issuesBySection } from './charter-sections';
import { ClausesSection } from './clauses-section';
import { collectIssues } from './form-errors';
import { GeneralSection } from './general-section';
import { NamedListSection } from './named-list-section';
import { PartiesSection } from './parties-section';

const descriptions: Record<CharterSection, string> = {
  general: 'The charter’s title and the dates it runs between.',
  accessLevels:
    'What a grant can give, ordered from least to most access. Each category caps every partner tier at one of these levels.',
  partnerTiers:
    'Kinds of partner relationship. Each category sets the most access a partner of each tier may be granted.',
  purposes:
    'What shared data may be used for. Prefer W3C DPV terms (dpv:…) so partners’ tools understand them.',
  categories: 'Kinds of data and the rules for sharing them: access, cadence, purposes, retention.',
  parties: 'The organisations the charter binds.',
  clauses: 'The charter’s text, in reading order.',
};

interface CharterEditorProps {
  readOnly: boolean;
  section: CharterSection;
  onSectionChange: (section: CharterSection) => void;
  category: number;
  onCategoryChange: (index: number) => void;
}

/** The charter's sections: a nav that marks the ones with problems, and the chosen one. */
export function CharterEditor({
  readOnly,
  section,
  onSectionChange,
  category,
  onCategoryChange,
}: CharterEditorProps) {
  const id = useId();
  const {
    formState: { errors },
  } = useCharterForm();
  const problems = issuesBySection(collectIssues(errors));
  const headingId = `${id}-heading`;
  return (
    <div className="charter-editor">
      <nav className="charter-section-nav" aria-label="Charter sections">
        <ul>
          {charterSections.map((item) => {
            const count = problems[item].length;
            const countId = `${id}-${item}-problems`;
            return (
              <li key={item}>
                <button
                  type="button"
                  className="charter-section-link"
                  aria-label={charterSectionTitles[item]}
                  aria-current={item === section ? 'true' : undefined}
                  aria-describedby={count > 0 ? countId : undefined}
                  data-section={item}
                  onClick={() => {
                    onSectionChange(item);
                  }}
                >
                  <span>{charterSectionTitles[item]}</span>
                  {count > 0 ? (
                    <span id={countId} className="charter-problems">
                      {count === 1 ? '1 problem' : `${String(count)} problems`}
                    </span>
                  ) : null}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <section className="charter-section" aria-labelledby={headingId} data-section-panel={section}>
        <header className="charter-section-head">
          <h2 id={headingId} className="charter-section-title" tabIndex={-1}>
            {charterSectionTitles[section]}
          </h2>
          <p className="charter-section-description">{descriptions[section]}</p>
        </header>
        {section === 'general' ? <GeneralSection readOnly={readOnly} /> : null}
        {section === 'accessLevels' || section === 'partnerTiers' || section === 'purposes' ? (
          <NamedListSection key={section} list={section} readOnly={readOnly} />
        ) : null}
        {section === 'categories' ? (
          <CategoriesSection readOnly={readOnly} selected={category} onSelect={onCategoryChange} />
        ) : null}
        {section === 'parties' ? <PartiesSection readOnly={readOnly} /> : null}
        {section === 'clauses' ? <ClausesSection readOnly={readOnly} /> : null}
      </section>
    </div>
  );
}
