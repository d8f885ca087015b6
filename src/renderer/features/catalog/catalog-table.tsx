import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type Header,
  type OnChangeFn,
  type Row,
  type SortingState,
} from '@tanstack/react-table';
import { observeElementRect, useVirtualizer, type Rect } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { datasetSortFieldSchema, type Dataset } from '../../../shared/domain/dataset';
import { ArrowDownIcon, ArrowUpIcon } from '../../ui/icons';
import { useNow } from '../../ui/use-now';
import { catalogColumns, type CatalogSlot } from './catalog-columns';
import type { DatasetSort } from './catalog-filters';
import { rowAt, type PagesSnapshot } from './dataset-page-store';

/** Fixed in CSS too (`--row-height`, `--table-header-height`): the virtualiser relies on it. */
export const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 36;

/**
 * Without layout (jsdom, or a container not laid out yet) the scroll element measures 0×0 and
 * the virtualiser would render no rows at all; assume a typical viewport instead.
 */
const fallbackRect: Rect = { width: 1200, height: 720 };

interface CatalogTableProps {
  snapshot: PagesSnapshot;
  ensureRange: (first: number, last: number) => void;
  sort: DatasetSort;
  onSortChange: (sort: DatasetSort) => void;
  onOpen: (dataset: Dataset) => void;
}

export function CatalogTable({
  snapshot,
  ensureRange,
  sort,
  onSortChange,
  onOpen,
}: CatalogTableProps) {
  const now = useNow();
  const total = snapshot.total ?? 0;
  const { pages } = snapshot;
  const data = useMemo(
    () => Array.from({ length: total }, (_, index) => ({ index, dataset: rowAt(pages, index) })),
    [pages, total],
  );
  const columns = useMemo(() => catalogColumns(now), [now]);
  const sorting = useMemo<SortingState>(
    () => [{ id: sort.field, desc: sort.direction === 'desc' }],
    [sort],
  );
  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const first = next[0];
    const field = datasetSortFieldSchema.safeParse(first?.id);
    if (first && field.success) {
      onSortChange({ field: field.data, direction: first.desc ? 'desc' : 'asc' });
    }
  };

  // The compiler lint warns that these hooks return values it cannot memoise; this app does
  // not use the React Compiler, so that has no effect here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    // main sorts and filters; the table only shows what it sent.
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    state: { sorting },
    onSortingChange,
  });

  const scrollRef = useRef<HTMLDivElement>(null);
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
  useEffect(() => {
    ensureRange(first, last);
  }, [ensureRange, first, last]);

  // A new query (a new store) starts at the top.
  useEffect(() => {
    const element = scrollRef.current;
    if (element) element.scrollTop = 0;
  }, [ensureRange]);

  const rows = table.getRowModel().rows;
  const columnCount = columns.length;
  const top = (items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT;
  const bottom =
    virtualizer.getTotalSize() - ((items.at(-1)?.end ?? HEADER_HEIGHT) - HEADER_HEIGHT);

  return (
    <div ref={scrollRef} className="catalog-scroll">
      <table
        className="catalog-table"
        data-testid="catalog-table"
        aria-label="Datasets"
        aria-rowcount={total + 1}
        aria-busy={snapshot.loading}
      >
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} className={`col-${column.id ?? ''}`} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 ? <SpacerRow height={top} columnCount={columnCount} /> : null}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? <CatalogRow key={item.key} row={row} onOpen={onOpen} /> : null;
          })}
          {bottom > 0 ? <SpacerRow height={bottom} columnCount={columnCount} /> : null}
        </tbody>
      </table>
    </div>
  );
}

function HeaderCell({ header }: { header: Header<CatalogSlot, unknown> }) {
  const { column } = header;
  const label = flexRender(column.columnDef.header, header.getContext());
  if (!column.getCanSort()) {
    return (
      <th scope="col" className={`col-${column.id}`}>
        <span className="header-label">{label}</span>
      </th>
    );
  }
  const sorted = column.getIsSorted();
  return (
    <th
      scope="col"
      className={`col-${column.id}`}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        className={sorted ? 'sort-button sort-button-active' : 'sort-button'}
        onClick={column.getToggleSortingHandler()}
      >
        <span className="header-label">{label}</span>
        <span className="sort-indicator" aria-hidden="true">
          {sorted === 'desc' ? <ArrowDownIcon /> : <ArrowUpIcon />}
        </span>
      </button>
    </th>
  );
}

function SpacerRow({ height, columnCount }: { height: number; columnCount: number }) {
  return (
    <tr className="spacer-row" aria-hidden="true">
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

function CatalogRow({
  row,
  onOpen,
}: {
  row: Row<CatalogSlot>;
  onOpen: (dataset: Dataset) => void;
}) {
  const { dataset, index } = row.original;
  const cells = row.getVisibleCells();
  if (!dataset) {
    return (
      <tr className="catalog-row catalog-row-pending" aria-rowindex={index + 2}>
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
      className="catalog-row"
      tabIndex={0}
      aria-rowindex={index + 2}
      data-testid="catalog-row"
      data-identifier={dataset.identifier}
      onClick={() => {
        onOpen(dataset);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onOpen(dataset);
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
