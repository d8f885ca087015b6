import { createColumnHelper } from '@tanstack/react-table';
import type { GrantListing } from '../../../shared/domain/access';
import type { Slot, SlotColumn } from '../../ui/data-table/virtual-table';
import { GrantStatusBadge, VerdictBadge } from './grant-badges';

const column = createColumnHelper<Slot<GrantListing>>();

function Text({ value, mono = false }: { value: string | undefined; mono?: boolean }) {
  if (value === undefined) return null;
  return (
    <span className={mono ? 'cell-mono' : 'cell-text'} title={value}>
      {value}
    </span>
  );
}

/** Level names by id from the governing charter; an id it lacks shows as is. */
export function grantColumns(levelNames: ReadonlyMap<string, string>): SlotColumn<GrantListing>[] {
  return [
    column.accessor((slot) => slot.row?.principalName, {
      id: 'principalName',
      header: 'Principal',
      cell: ({ row }) => <Text value={row.original.row?.principalName} />,
    }),
    column.accessor((slot) => slot.row?.datasetIdentifier, {
      id: 'datasetIdentifier',
      header: 'Dataset',
      cell: ({ row }) => <Text value={row.original.row?.datasetIdentifier} mono />,
    }),
    column.accessor((slot) => slot.row?.level, {
      id: 'level',
      header: 'Level',
      cell: ({ row }) => {
        const level = row.original.row?.level;
        return level === undefined ? null : <Text value={levelNames.get(level) ?? level} />;
      },
    }),
    column.accessor((slot) => slot.row?.purpose, {
      id: 'purpose',
      header: 'Purpose',
      cell: ({ row }) => <Text value={row.original.row?.purpose} mono />,
    }),
    column.accessor((slot) => slot.row?.status, {
      id: 'status',
      header: 'Status',
      cell: ({ row }) =>
        row.original.row ? <GrantStatusBadge value={row.original.row.status} /> : null,
    }),
    column.accessor((slot) => slot.row?.policy.decision, {
      id: 'verdict',
      header: 'Charter',
      cell: ({ row }) => {
        const listing = row.original.row;
        if (!listing) return null;
        // A revoked or expired grant gives no access, so its verdict is beside the point.
        if (listing.status === 'revoked' || listing.status === 'expired') return null;
        return (
          <VerdictBadge decision={listing.policy.decision} failed={listing.policy.failed.length} />
        );
      },
    }),
    column.accessor((slot) => slot.row?.start, {
      id: 'start',
      header: 'From',
      cell: ({ row }) => <Text value={row.original.row?.start} mono />,
    }),
    column.accessor((slot) => slot.row?.until, {
      id: 'untilDay',
      header: 'Until',
      cell: ({ row }) => <Text value={row.original.row?.until ?? '—'} mono />,
    }),
    column.accessor((slot) => slot.row?.requested.at, {
      id: 'requestedAt',
      header: 'Requested',
      sortDescFirst: true,
      cell: ({ row }) => <Text value={row.original.row?.requested.at.slice(0, 10)} mono />,
    }),
  ];
}
