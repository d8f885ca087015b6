import { useFieldArray, useWatch } from 'react-hook-form';
import { sensitivityLabels } from '../../../shared/domain/governance-terms';
import { useCharterForm } from './charter-form';
import { CategoryDetail } from './category-detail';
import { focusLater } from './focus-later';
import { collectIssues, listErrorAt } from './form-errors';
import { useIdLock } from './id-lock';
import { AddItemButton, ListError } from './item-list';
import { newCategory } from './new-items';

interface CategoriesSectionProps {
  readOnly: boolean;
  selected: number;
  onSelect: (index: number) => void;
}

/** The data categories: a list to choose one, and the chosen one's fields beside it. */
export function CategoriesSection({ readOnly, selected, onSelect }: CategoriesSectionProps) {
  const {
    control,
    getValues,
    formState: { errors },
  } = useCharterForm();
  const { markCreated } = useIdLock();
  const { fields, append, remove } = useFieldArray({ control, name: 'categories' });
  const categories = useWatch({ control, name: 'categories' });
  const current = Math.min(selected, fields.length - 1);
  const labelOf = (index: number) =>
    categories[index]?.name.trim() || `Untitled category ${String(index + 1)}`;

  function add(): void {
    const category = newCategory(getValues());
    markCreated('categories', category.id);
    append(category, { shouldFocus: false });
    onSelect(fields.length);
    focusLater('.charter-category input');
  }

  function removeCurrent(): void {
    remove(current);
    onSelect(Math.max(0, current - 1));
    focusLater('.charter-category-list [aria-current="true"]', '[data-add="categories"]');
  }

  return (
    <>
      <ListError message={listErrorAt(errors, 'categories')} />
      <div className="charter-categories">
        <div className="charter-category-side">
          <ul className="charter-category-list" aria-label="Data categories">
            {fields.map((field, index) => {
              const problems = collectIssues(
                (errors.categories as unknown as Record<number, unknown> | undefined)?.[index],
              ).length;
              const sensitivity = categories[index]?.sensitivity;
              return (
                <li key={field.id}>
                  <button
                    type="button"
                    className="charter-category-button"
                    aria-label={labelOf(index)}
                    aria-current={index === current ? 'true' : undefined}
                    aria-describedby={problems > 0 ? `category-problems-${field.id}` : undefined}
                    onClick={() => {
                      onSelect(index);
                    }}
                  >
                    <span className="charter-category-name">{labelOf(index)}</span>
                    <span className="charter-category-meta">
                      {sensitivity ? sensitivityLabels[sensitivity] : ''}
                      {problems > 0 ? (
                        <span id={`category-problems-${field.id}`} className="charter-problems">
                          {problems === 1 ? '1 problem' : `${String(problems)} problems`}
                        </span>
                      ) : null}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {readOnly ? null : <AddItemButton list="categories" label="Add category" onClick={add} />}
        </div>
        <div className="charter-category-main">
          {current < 0 ? (
            <p className="charter-muted">
              No categories yet. Datasets are classified by category, and grants are checked against
              it.
            </p>
          ) : (
            <>
              <div className="charter-category-head">
                <h3 className="charter-category-title">{labelOf(current)}</h3>
                {readOnly ? null : (
                  <button
                    type="button"
                    className="button button-ghost charter-remove"
                    onClick={removeCurrent}
                  >
                    Remove category
                  </button>
                )}
              </div>
              <CategoryDetail key={fields[current]?.id} index={current} readOnly={readOnly} />
            </>
          )}
        </div>
      </div>
    </>
  );
}
