import { createColumnHelper } from '@tanstack/react-table';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PagesSnapshot } from './page-store';
import { VirtualTable, type Slot, type TableSort, type VirtualTableProps } from './virtual-table';

interface Entry {
  seq: number;
  type: string;
}

const column = createColumnHelper<Slot<Entry>>();
const columns = [
  column.accessor((slot) => slot.row?.seq, {
    id: 'seq',
    header: 'Seq',
    sortDescFirst: true,
    cell: ({ row }) => row.original.row?.seq,
  }),
  column.accessor((slot) => slot.row?.type, {
    id: 'type',
    header: 'Type',
    cell: ({ row }) => row.original.row?.type,
  }),
  column.display({ id: 'note', header: 'Note', cell: () => '—' }),
];

function snapshotOf(entries: Entry[], total = entries.length): PagesSnapshot<Entry> {
  return { total, pages: new Map([[0, entries]]), error: null, loading: false };
}

const entries: Entry[] = [
  { seq: 1, type: 'dataset.created' },
  { seq: 2, type: 'dataset.updated' },
  { seq: 3, type: 'checkpoint.signed' },
];

type Field = 'seq' | 'type';

function renderTable(props: Partial<VirtualTableProps<Entry, Field>> = {}) {
  const onOpen = vi.fn<(entry: Entry) => void>();
  const ensureRange = vi.fn<(first: number, last: number) => void>();
  render(
    <VirtualTable<Entry, Field>
      snapshot={snapshotOf(entries)}
      ensureRange={ensureRange}
      columns={columns}
      label="Entries"
      onOpen={onOpen}
      testId="entries"
      rowTestId="entry-row"
      rowAttributes={(entry) => ({ 'data-seq': String(entry.seq) })}
      {...props}
    />,
  );
  return { onOpen, ensureRange };
}

describe('VirtualTable', () => {
  it('renders loaded rows with their attributes and asks for the rows in view', () => {
    const { ensureRange } = renderTable();

    const table = screen.getByTestId('entries');
    expect(table).toHaveAccessibleName('Entries');
    expect(table).toHaveAttribute('aria-rowcount', '4');
    const rows = screen.getAllByTestId('entry-row');
    expect(rows.map((row) => row.getAttribute('data-seq'))).toEqual(['1', '2', '3']);
    expect(rows[0]).toHaveAttribute('aria-rowindex', '2');
    expect(rows[0]).not.toHaveAttribute('aria-selected');
    expect(ensureRange).toHaveBeenLastCalledWith(0, 2);
  });

  it('shows placeholders for rows whose page has not arrived', () => {
    renderTable({ snapshot: snapshotOf([], 3) });

    expect(screen.queryAllByTestId('entry-row')).toHaveLength(0);
    expect(screen.getAllByRole('row')).toHaveLength(4);
  });

  it('marks the selected row', () => {
    renderTable({ rowKey: (entry) => String(entry.seq), selectedKey: '2' });

    const rows = screen.getAllByTestId('entry-row');
    expect(rows.map((row) => row.getAttribute('aria-selected'))).toEqual([
      'false',
      'true',
      'false',
    ]);
  });

  it('offers sorting on the sortable columns only', async () => {
    const user = userEvent.setup();
    const onSortChange = vi.fn<(sort: TableSort<Field>) => void>();
    renderTable({
      sort: { field: 'type', direction: 'asc' },
      sortableColumns: ['seq', 'type'],
      onSortChange,
    });

    expect(screen.getByRole('columnheader', { name: /type/i })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(screen.getByRole('columnheader', { name: /seq/i })).toHaveAttribute('aria-sort', 'none');
    expect(screen.queryByRole('button', { name: 'Note' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Type' }));
    expect(onSortChange).toHaveBeenLastCalledWith({ field: 'type', direction: 'desc' });
    // A column declared sortDescFirst starts descending.
    await user.click(screen.getByRole('button', { name: 'Seq' }));
    expect(onSortChange).toHaveBeenLastCalledWith({ field: 'seq', direction: 'desc' });
  });

  it('opens a row on click and moves between rows with the arrow keys', async () => {
    const user = userEvent.setup();
    const { onOpen } = renderTable();

    await user.click(screen.getByText('dataset.updated'));
    expect(onOpen).toHaveBeenLastCalledWith(entries[1]);

    screen.getAllByTestId('entry-row')[0]!.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith(entries[1]);
  });
});
