import type { ReactNode } from 'react';
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

interface ImportTableProps {
  /** The heading's id, which names the section. */
  titleId: string;
  title: string;
  /** The table's accessible name. */
  label: string;
  testId?: string;
  columns: readonly string[];
  /** The table's rows. */
  children: ReactNode;
  /** What the section shows under the table. */
  footer?: ReactNode;
}

/** A titled section of the preview holding one scrolling table. */
function ImportTable({
  titleId,
  title,
  label,
  testId,
  columns,
  children,
  footer,
}: ImportTableProps) {
  return (
    <section className="import-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="import-section-title">
        {title}
      </h3>
      <div className="import-table-scroll">
        <table className="import-table" aria-label={label} data-testid={testId}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      {footer}
    </section>
  );
}

/** Where each invalid row goes wrong, as a spreadsheet numbers rows (the header is row 1). */
export function RowErrors({ preview }: { preview: ImportPreview }) {
  const { errors, errorCount } = preview;
  if (errors.length === 0) return null;
  const listed = errors.slice(0, LISTED_ERRORS);
  const more = errorCount - listed.length;
  return (
    <ImportTable
      titleId="import-errors-title"
      title={pluralise(errorCount, 'error')}
      label="Import errors"
      testId="import-errors"
      columns={['Row', 'Column', 'Rule', 'Message']}
      footer={more > 0 ? <p className="import-more">and {formatCount(more)} more</p> : null}
    >
      {listed.map((error, index) => (
        <tr key={`${String(error.row)}:${error.column}:${String(index)}`}>
          <td className="import-row-number">{error.row}</td>
          <td className="mono">{error.column || '—'}</td>
          <td className="mono">{error.rule}</td>
          <td>{error.message}</td>
        </tr>
      ))}
    </ImportTable>
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
    <ImportTable
      titleId="import-sample-title"
      title={`First ${pluralise(preview.sample.length, 'row')}`}
      label="Sample rows"
      columns={['Row', 'Identifier', 'Title', 'Category', 'Check']}
    >
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
    </ImportTable>
  );
}
