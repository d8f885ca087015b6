import { useMemo } from 'react';
import { datasetSortFieldSchema, type Dataset } from '../../../shared/domain/dataset';
import type { PagesSnapshot } from '../../ui/data-table/page-store';
import { VirtualTable } from '../../ui/data-table/virtual-table';
import { useNow } from '../../ui/use-now';
import { catalogColumns } from './catalog-columns';
import type { DatasetSort } from './catalog-filters';

interface CatalogTableProps {
  snapshot: PagesSnapshot<Dataset>;
  ensureRange: (first: number, last: number) => void;
  sort: DatasetSort;
  onSortChange: (sort: DatasetSort) => void;
  onOpen: (dataset: Dataset) => void;
}

function datasetAttributes(dataset: Dataset) {
  return { 'data-identifier': dataset.identifier } as const;
}

export function CatalogTable({
  snapshot,
  ensureRange,
  sort,
  onSortChange,
  onOpen,
}: CatalogTableProps) {
  const now = useNow();
  const columns = useMemo(() => catalogColumns(now), [now]);
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
      minWidth={1080}
    />
  );
}
