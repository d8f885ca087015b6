import type { ImportError, ImportPreview } from '../../../shared/domain/catalog-transfer';
import { Banner } from '../../ui/banner';
import { formatCount, pluralise } from '../../ui/format';

/** Rows of the error table; beyond these the dialog only counts. */
export const LISTED_ERRORS = 200;

export function ImportSummary({ preview }: { preview: ImportPreview }) {
  const invalid = preview.invalidRows.length;
  return (
    <p className="import-summary" data-testid="import-summary">
      <strong>{preview.fileName}</strong>: {pluralise(preview.totalRows, 'row')} ·{' '}
      {formatCount(preview.validRows)} valid ·{' '}
      <span className={invalid > 0 ? 'import-invalid-count' : undefined}>
        {formatCount(invalid)} with errors
      </span>
    </p>
  );
}

export function FileErrors({ errors }: { errors: readonly ImportError[] }) {
  if (errors.length === 0) return null;
  return (
    <Banner title="This file cannot be imported">
      <ul className="banner-issues">
        {errors.map((error, index) => (
          <li key={`${String(index)}:${error.rule}`}>
            {error.column ? <code>{error.column}</code> : null} {error.message}
          </li>
        ))}
      </ul>
    </Banner>
  );
}

/** Where each invalid row goes wrong, as a spreadsheet numbers rows (the header is row 1). */
export function RowErrors({ preview }: { preview: ImportPreview }) {
  const { errors, errorCount } = preview;
  if (errors.length === 0) return null;
  const listed = errors.slice(0, LISTED_ERRORS);
  const more = errorCount - listed.length;
  return (
    <section className="import-section" aria-labelledby="import-errors-title">
      <h3 id="import-errors-title" className="import-section-title">
        {pluralise(errorCount, 'error')}
      </h3>
      <div className="import-table-scroll">
        <table className="import-table" aria-label="Import errors" data-testid="import-errors">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Rule</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((error, index) => (
              <tr key={`${String(error.row)}:${error.column}:${String(index)}`}>
                <td className="import-row-number">{error.row}</td>
                <td className="mono">{error.column || '—'}</td>
                <td className="mono">{error.rule}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 ? <p className="import-more">and {formatCount(more)} more</p> : null}
    </section>
  );
}

export function SampleRows({
  preview,
  categoryNames,
}: {
  preview: ImportPreview;
  categoryNames: ReadonlyMap<string, string>;
}) {
  if (preview.sample.length === 0) return null;
  return (
    <section className="import-section" aria-labelledby="import-sample-title">
      <h3 id="import-sample-title" className="import-section-title">
        First {pluralise(preview.sample.length, 'row')}
      </h3>
      <div className="import-table-scroll">
        <table className="import-table" aria-label="Sample rows">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Identifier</th>
              <th scope="col">Title</th>
              <th scope="col">Category</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((row) => (
              <tr key={row.row}>
                <td className="import-row-number">{row.row}</td>
                <td className="mono">{row.identifier}</td>
                <td>{row.title}</td>
                <td>{categoryNames.get(row.category) ?? row.category}</td>
                <td className={row.valid ? 'import-ok' : 'import-invalid-count'}>
                  {row.valid ? 'Valid' : 'Has errors'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
