import { createColumnHelper } from '@tanstack/react-table';
import type { LedgerEntryRow } from '../../../shared/domain/ledger';
import type { Slot, SlotColumn } from '../../ui/data-table/virtual-table';
import { formatDateTime } from '../../ui/format';

const column = createColumnHelper<Slot<LedgerEntryRow>>();

/** `dataset:1f0c…` reads better as a kind and a shortened id. */
function EntityCell({ entity }: { entity: string | null }) {
  if (entity === null) return <span className="cell-muted">—</span>;
  const colon = entity.indexOf(':');
  const kind = colon < 0 ? '' : entity.slice(0, colon);
  const id = colon < 0 ? entity : entity.slice(colon + 1);
  return (
    <span className="cell-mono" title={entity}>
      {kind ? <span className="entity-kind">{kind}</span> : null}
      {id}
    </span>
  );
}

export const ledgerColumns: SlotColumn<LedgerEntryRow>[] = [
  column.accessor((slot) => slot.row?.seq, {
    id: 'seq',
    header: '#',
    sortDescFirst: true,
    cell: ({ row }) => <span className="cell-mono">{row.original.row?.seq}</span>,
  }),
  column.accessor((slot) => slot.row?.time, {
    id: 'time',
    header: 'Time',
    cell: ({ row }) =>
      row.original.row ? (
        <time dateTime={row.original.row.time} title={row.original.row.time}>
          {formatDateTime(row.original.row.time)}
        </time>
      ) : null,
  }),
  column.accessor((slot) => slot.row?.type, {
    id: 'type',
    header: 'Type',
    cell: ({ row }) => <span className="cell-mono ledger-type">{row.original.row?.type}</span>,
  }),
  column.accessor((slot) => slot.row?.actor, {
    id: 'actor',
    header: 'Actor',
    cell: ({ row }) => <span title={row.original.row?.actor}>{row.original.row?.actor}</span>,
  }),
  column.accessor((slot) => slot.row?.entity, {
    id: 'entity',
    header: 'Entity',
    cell: ({ row }) => (row.original.row ? <EntityCell entity={row.original.row.entity} /> : null),
  }),
];
