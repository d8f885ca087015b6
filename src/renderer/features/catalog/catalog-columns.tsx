import { createColumnHelper } from '@tanstack/react-table';
import type { Dataset } from '../../../shared/domain/dataset';
import { SensitivityBadge, StatusBadge } from '../../ui/badge';
import type { Slot } from '../../ui/data-table/virtual-table';
import { formatDateTime, formatRelative } from '../../ui/format';

const column = createColumnHelper<Slot<Dataset>>();

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
    column.accessor((slot) => slot.row?.identifier, {
      id: 'identifier',
      header: 'Identifier',
      cell: ({ row }) => (
        <span className="cell-mono" title={row.original.row?.identifier}>
          {row.original.row?.identifier}
        </span>
      ),
    }),
    column.accessor((slot) => slot.row?.title, {
      id: 'title',
      header: 'Title',
      cell: ({ row }) => (
        <span className="cell-title" title={row.original.row?.title}>
          {row.original.row?.title}
        </span>
      ),
    }),
    column.accessor((slot) => slot.row?.sensitivity, {
      id: 'sensitivity',
      header: 'Sensitivity',
      cell: ({ row }) =>
        row.original.row ? <SensitivityBadge value={row.original.row.sensitivity} /> : null,
    }),
    column.accessor((slot) => slot.row?.status, {
      id: 'status',
      header: 'Status',
      cell: ({ row }) =>
        row.original.row ? <StatusBadge value={row.original.row.status} /> : null,
    }),
    column.accessor((slot) => slot.row?.steward, {
      id: 'steward',
      header: 'Steward',
      cell: ({ row }) =>
        row.original.row?.steward ? (
          row.original.row.steward
        ) : (
          <span className="cell-muted">—</span>
        ),
    }),
    column.display({
      id: 'formats',
      header: 'Formats',
      cell: ({ row }) => <TokenList values={row.original.row?.formats ?? []} />,
    }),
    column.display({
      id: 'tags',
      header: 'Tags',
      cell: ({ row }) => <TokenList values={row.original.row?.tags ?? []} />,
    }),
    column.accessor((slot) => slot.row?.updatedAt, {
      id: 'updatedAt',
      header: 'Updated',
      // Newest first is what people want when they first sort by date.
      sortDescFirst: true,
      cell: ({ row }) => {
        const updatedAt = row.original.row?.updatedAt;
        return updatedAt ? (
          <time dateTime={updatedAt} title={formatDateTime(updatedAt)}>
            {formatRelative(updatedAt, now)}
          </time>
        ) : null;
      },
    }),
  ];
}
