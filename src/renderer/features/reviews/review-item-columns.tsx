import { createColumnHelper } from '@tanstack/react-table';
import type { ReviewItem } from '../../../shared/domain/review';
import type { Slot, SlotColumn } from '../../ui/data-table/virtual-table';
import { DecisionBadge } from './review-badges';

const column = createColumnHelper<Slot<ReviewItem>>();

/** The items table: the grant as reviewed (its terms when the campaign opened) and the decision. */
export const reviewItemColumns: SlotColumn<ReviewItem>[] = [
  column.accessor((slot) => slot.row?.position, {
    id: 'position',
    header: '#',
    cell: ({ row }) => <span className="cell-mono">{row.original.row?.position}</span>,
  }),
  column.accessor((slot) => slot.row?.principalName, {
    id: 'principal',
    header: 'Principal',
    cell: ({ row }) => {
      const item = row.original.row;
      if (!item) return null;
      return (
        <span title={item.principalId}>
          {item.principalName ?? item.principalId}
          <span className="cell-muted"> · {item.organisation ?? 'unknown'}</span>
        </span>
      );
    },
  }),
  column.accessor((slot) => slot.row?.datasetIdentifier, {
    id: 'dataset',
    header: 'Dataset',
    cell: ({ row }) => {
      const item = row.original.row;
      if (!item) return null;
      return (
        <span className="cell-mono" title={item.datasetTitle ?? item.datasetId}>
          {item.datasetIdentifier ?? item.datasetId}
        </span>
      );
    },
  }),
  column.accessor((slot) => slot.row?.level, {
    id: 'level',
    header: 'Level',
    cell: ({ row }) => row.original.row?.level,
  }),
  column.accessor((slot) => slot.row?.purpose, {
    id: 'purpose',
    header: 'Purpose',
    cell: ({ row }) => <span className="cell-mono">{row.original.row?.purpose}</span>,
  }),
  column.accessor((slot) => slot.row?.until, {
    id: 'until',
    header: 'Until',
    cell: ({ row }) => (row.original.row ? (row.original.row.until ?? 'open') : null),
  }),
  column.accessor((slot) => slot.row?.decision, {
    id: 'decision',
    header: 'Decision',
    cell: ({ row }) => {
      const item = row.original.row;
      if (!item) return null;
      return (
        <span className="review-decision-cell">
          <DecisionBadge decision={item.decision} />
          {item.decided ? <span className="cell-muted"> {item.decided.by}</span> : null}
        </span>
      );
    },
  }),
];
