import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Column,
  type ColumnDef,
  type Header,
  type Row as TableRow,
} from '@tanstack/react-table';
import { observeElementRect, useVirtualizer, type Rect } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { ArrowDownIcon, ArrowUpIcon } from '../icons';
import { rowAt, type PagesSnapshot } from './page-store';
import './data-table.css';

/** Fixed in CSS too (`--row-height`, `--table-header-height`): the virtualiser relies on it. */
export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 36;

/**
 * Without layout (jsdom, or a container not laid out yet) the scroll element measures 0×0 and
 * the virtualiser would render no rows at all; assume a typical viewport instead.
 */
const fallbackRect: Rect = { width: 1200, height: 720 };

/**
 * One table row per position in the query's result. Rows whose page has not arrived yet have
 * no `row` and render as placeholders, so the scrollbar reflects the whole result.
 */
export interface Slot<Row> {
  index: number;
  row: Row | undefined;
}

/**
 * A column over slots. The value type is `any` because a list of columns mixes value types,
 * which TanStack's own `ColumnDef<T, unknown>` does not accept.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SlotColumn<Row> = ColumnDef<Slot<Row>, any>;

export type SortDirection = 'asc' | 'desc';

/** One sorted column; main does the sorting, the table only shows and changes the choice. */
export interface TableSort<Field extends string = string> {
  field: Field;
  direction: SortDirection;
}

export interface VirtualTableProps<Row, SortField extends string = string> {
  snapshot: PagesSnapshot<Row>;
  ensureRange: (first: number, last: number) => void;
  /** Column ids give the `col-<id>` class on `<col>`, `<th>` and `<td>`, for widths. */
  columns: readonly SlotColumn<Row>[];
  /** The table's accessible name. */
  label: string;
  onOpen: (row: Row) => void;
  sort?: TableSort<SortField>;
  /** Column ids whose header sorts; a column sorts descending first with `sortDescFirst`. */
  sortableColumns?: readonly SortField[];
  onSortChange?: (sort: TableSort<SortField>) => void;
  testId?: string;
  /** On loaded rows only, not on placeholders. */
  rowTestId?: string;
  rowAttributes?: (row: Row) => Record<`data-${string}`, string>;
  /** With `selectedKey`, marks the row whose key it is with aria-selected. */
  rowKey?: (row: Row) => string;
  selectedKey?: string | null;
  /** Added to the `<table>`: scope column widths under it. */
  className?: string;
  /** Below this width (px) the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
}

/**
 * A server-paged table: one row per result position, only the visible window rendered, pages
 * requested through `ensureRange` as it scrolls. Sorting and filtering happen in main.
 */
export function VirtualTable<Row, SortField extends string = string>({
  snapshot,
  ensureRange,
  columns,
  label,
  onOpen,
  sort,
  sortableColumns = [],
  onSortChange,
  testId,
  rowTestId,
  rowAttributes,
  rowKey,
  selectedKey,
  className,
  minWidth,
}: VirtualTableProps<Row, SortField>) {
  const total = snapshot.total ?? 0;
  const { pages } = snapshot;

  const scrollRef = useRef<HTMLDivElement>(null);
  // The compiler lint warns that these hooks return values it cannot memoise; this app does
  // not use the React Compiler, so that has no effect here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows start below the sticky header inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
    overscan: 12,
    initialRect: fallbackRect,
    observeElementRect: (instance, onRect) =>
      observeElementRect(instance, (rect) => {
        onRect(rect.width === 0 && rect.height === 0 ? fallbackRect : rect);
      }),
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  // TanStack builds a row object per data item on every change: give it the rendered window
  // only (a few dozen slots), never one per result position, which at 100,000 results cost
  // hundreds of milliseconds of allocation and garbage collection per keystroke.
  const data = useMemo(
    () => items.map((item) => ({ index: item.index, row: rowAt(pages, item.index) })),
    [items, pages],
  );
  const table = useReactTable({
    data,
    columns: columns as SlotColumn<Row>[],
    getCoreRowModel: getCoreRowModel(),
  });
  useEffect(() => {
    ensureRange(first, last);
  }, [ensureRange, first, last]);

  // A new query (a new store) starts at the top.
  useEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = 0;
  }, [ensureRange]);

  const headerSort = (column: Column<Slot<Row>>): HeaderSort | undefined => {
    const field = sortableColumns.find((id) => id === column.id);
    if (field === undefined || onSortChange === undefined) return undefined;
    const direction = sort?.field === field ? sort.direction : undefined;
    return {
      direction,
      toggle: () => {
        const firstDirection = column.columnDef.sortDescFirst ? 'desc' : 'asc';
        const next = direction === undefined ? firstDirection : opposite(direction);
        onSortChange({ field, direction: next });
      },
    };
  };

  const rows = table.getRowModel().rows;
  const leafColumns = table.getAllLeafColumns();
  const top = (items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT;
  const bottom =
    virtualizer.getTotalSize() - ((items.at(-1)?.end ?? HEADER_HEIGHT) - HEADER_HEIGHT);

  return (
    <div ref={scrollRef} className="data-table-scroll">
      <table
        className={className ? `data-table ${className}` : 'data-table'}
        style={minWidth === undefined ? undefined : { minWidth }}
        data-testid={testId}
        aria-label={label}
        aria-rowcount={total + 1}
        aria-busy={snapshot.loading}
      >
        <colgroup>
          {leafColumns.map((column) => (
            <col key={column.id} className={`col-${column.id}`} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} sort={headerSort(header.column)} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 ? <SpacerRow height={top} columnCount={leafColumns.length} /> : null}
          {items.map((item, position) => {
            const row = rows[position];
            if (!row) return null;
            const value = row.original.row;
            return (
              <BodyRow
                key={item.key}
                row={row}
                onOpen={onOpen}
                testId={rowTestId}
                attributes={value === undefined ? undefined : rowAttributes?.(value)}
                selected={
                  value === undefined || rowKey === undefined || selectedKey === undefined
                    ? undefined
                    : rowKey(value) === selectedKey
                }
              />
            );
          })}
          {bottom > 0 ? <SpacerRow height={bottom} columnCount={leafColumns.length} /> : null}
        </tbody>
      </table>
    </div>
  );
}

interface HeaderSort {
  /** Undefined while another column is the sorted one. */
  direction: SortDirection | undefined;
  toggle: () => void;
}

function opposite(direction: SortDirection): SortDirection {
  return direction === 'asc' ? 'desc' : 'asc';
}

function HeaderCell<Row>({
  header,
  sort,
}: {
  header: Header<Slot<Row>, unknown>;
  sort: HeaderSort | undefined;
}) {
  const { column } = header;
  const label = flexRender(column.columnDef.header, header.getContext());
  if (!sort) {
    return (
      <th scope="col" className={`col-${column.id}`}>
        <span className="data-table-header-label">{label}</span>
      </th>
    );
  }
  const { direction } = sort;
  return (
    <th
      scope="col"
      className={`col-${column.id} data-table-sortable`}
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        className={direction ? 'data-table-sort data-table-sort-active' : 'data-table-sort'}
        onClick={sort.toggle}
      >
        <span className="data-table-header-label">{label}</span>
        <span className="data-table-sort-indicator" aria-hidden="true">
          {direction === 'desc' ? <ArrowDownIcon /> : <ArrowUpIcon />}
        </span>
      </button>
    </th>
  );
}

function SpacerRow({ height, columnCount }: { height: number; columnCount: number }) {
  return (
    <tr className="data-table-spacer" aria-hidden="true">
      <td colSpan={columnCount} style={{ height }} />
    </tr>
  );
}

/** Moves focus to the row above or below; the browser scrolls it into view. */
function focusSiblingRow(event: KeyboardEvent<HTMLTableRowElement>, step: 1 | -1): void {
  const sibling =
    step === 1
      ? event.currentTarget.nextElementSibling
      : event.currentTarget.previousElementSibling;
  if (sibling instanceof HTMLElement && sibling.tabIndex >= 0) {
    event.preventDefault();
    sibling.focus();
  }
}

function BodyRow<Row>({
  row,
  onOpen,
  testId,
  attributes,
  selected,
}: {
  row: TableRow<Slot<Row>>;
  onOpen: (row: Row) => void;
  testId: string | undefined;
  attributes: Record<`data-${string}`, string> | undefined;
  selected: boolean | undefined;
}) {
  const { row: value, index } = row.original;
  const cells = row.getVisibleCells();
  if (value === undefined) {
    return (
      <tr className="data-table-row data-table-row-pending" aria-rowindex={index + 2}>
        {cells.map((cell) => (
          <td key={cell.id} className={`col-${cell.column.id}`}>
            <span className="skeleton" />
          </td>
        ))}
      </tr>
    );
  }
  return (
    <tr
      {...attributes}
      className="data-table-row"
      tabIndex={0}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid={testId}
      onClick={() => {
        onOpen(value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onOpen(value);
        } else if (event.key === 'ArrowDown') {
          focusSiblingRow(event, 1);
        } else if (event.key === 'ArrowUp') {
          focusSiblingRow(event, -1);
        }
      }}
    >
      {cells.map((cell) => (
        <td key={cell.id} className={`col-${cell.column.id}`}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
}
