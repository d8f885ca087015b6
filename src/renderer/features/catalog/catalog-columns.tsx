import { createColumnHelper } from '@tanstack/react-table';
import type { Dataset } from '../../../shared/domain/dataset';
import { SensitivityBadge, StatusBadge } from '../../ui/badge';
import { formatDateTime, formatRelative } from '../../ui/format';

/**
 * One table row per position in the query's result. Rows whose page has not arrived yet have
 * no dataset and render as placeholders, so the scrollbar reflects the whole result.
 */
export interface CatalogSlot {
  index: number;
  dataset: Dataset | undefined;
}

const column = createColumnHelper<CatalogSlot>();

function TokenList({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <span className="cell-muted">—</span>;
  return (
    <span className="token-list" title={values.join(', ')}>
      {values.map((value) => (
        <span key={value} className="token">
          {value}
        </span>
      ))}
    </span>
  );
}

/** Built per render because "Updated" depends on the clock; the definitions are cheap. */
export function catalogColumns(now: number) {
  return [
    column.accessor((slot) => slot.dataset?.identifier, {
      id: 'identifier',
      header: 'Identifier',
      cell: ({ row }) => (
        <span className="cell-mono" title={row.original.dataset?.identifier}>
          {row.original.dataset?.identifier}
        </span>
      ),
    }),
    column.accessor((slot) => slot.dataset?.title, {
      id: 'title',
      header: 'Title',
      cell: ({ row }) => (
        <span className="cell-title" title={row.original.dataset?.title}>
          {row.original.dataset?.title}
        </span>
      ),
    }),
    column.accessor((slot) => slot.dataset?.sensitivity, {
      id: 'sensitivity',
      header: 'Sensitivity',
      cell: ({ row }) =>
        row.original.dataset ? <SensitivityBadge value={row.original.dataset.sensitivity} /> : null,
    }),
    column.accessor((slot) => slot.dataset?.status, {
      id: 'status',
      header: 'Status',
      cell: ({ row }) =>
        row.original.dataset ? <StatusBadge value={row.original.dataset.status} /> : null,
    }),
    column.accessor((slot) => slot.dataset?.steward, {
      id: 'steward',
      header: 'Steward',
      cell: ({ row }) =>
        row.original.dataset?.steward ? (
          row.original.dataset.steward
        ) : (
          <span className="cell-muted">—</span>
        ),
    }),
    column.display({
      id: 'formats',
      header: 'Formats',
      cell: ({ row }) => <TokenList values={row.original.dataset?.formats ?? []} />,
    }),
    column.display({
      id: 'tags',
      header: 'Tags',
      cell: ({ row }) => <TokenList values={row.original.dataset?.tags ?? []} />,
    }),
    column.accessor((slot) => slot.dataset?.updatedAt, {
      id: 'updatedAt',
      header: 'Updated',
      // Newest first is what people want when they first sort by date.
      sortDescFirst: true,
      cell: ({ row }) => {
        const updatedAt = row.original.dataset?.updatedAt;
        return updatedAt ? (
          <time dateTime={updatedAt} title={formatDateTime(updatedAt)}>
            {formatRelative(updatedAt, now)}
          </time>
        ) : null;
      },
    }),
  ];
}
