import { useMemo } from 'react';
import { datasetSortFieldSchema, type DatasetRow } from '../../../shared/domain/dataset';
import type { PagesSnapshot } from '../../ui/data-table/page-store';
import { VirtualTable } from '../../ui/data-table/virtual-table';
import { useNow } from '../../ui/use-now';
import { type CatalogOwners, catalogColumns } from './catalog-columns';
import type { DatasetSort } from './catalog-filters';
import type { CatalogColumnId } from './column-visibility';

interface CatalogTableProps {
  snapshot: PagesSnapshot<DatasetRow>;
  ensureRange: (first: number, last: number) => void;
  sort: DatasetSort;
  onSortChange: (sort: DatasetSort) => void;
  onOpen: (dataset: DatasetRow) => void;
  /** Category names by id, from the governing charter. */
  categoryNames: ReadonlyMap<string, string>;
  hiddenColumns: readonly CatalogColumnId[];
  /** Marks the rows other nodes own (replicas from their snapshots). */
  owners?: CatalogOwners;
}

function datasetAttributes(dataset: DatasetRow) {
  return { 'data-identifier': dataset.identifier } as const;
}

/** Roughly what each column needs, so hiding columns also narrows the sideways scroll. */
const columnMinWidth = 96;

export function CatalogTable({
  snapshot,
  ensureRange,
  sort,
  onSortChange,
  onOpen,
  categoryNames,
  hiddenColumns,
  owners,
}: CatalogTableProps) {
  const now = useNow();
  const columns = useMemo(
    () => catalogColumns(now, categoryNames, (id) => !hiddenColumns.includes(id), owners),
    [now, categoryNames, hiddenColumns, owners],
  );
  return (
    <VirtualTable
      snapshot={snapshot}
      ensureRange={ensureRange}
      columns={columns}
      label="Datasets"
      // The contract's sort fields; the other columns' headers are plain labels.
      sort={sort}
      sortableColumns={datasetSortFieldSchema.options}
      onSortChange={onSortChange}
      onOpen={onOpen}
      testId="catalog-table"
      rowTestId="catalog-row"
      rowAttributes={datasetAttributes}
      className="catalog-table"
      minWidth={Math.max(720, columns.length * columnMinWidth + 200)}
    />
  );
}
