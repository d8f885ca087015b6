import { useMemo } from 'react';
import { grantSortFieldSchema, type GrantListing } from '../../../shared/domain/access';
import type { PagesSnapshot } from '../../ui/data-table/page-store';
import { VirtualTable } from '../../ui/data-table/virtual-table';
import { grantColumns } from './grant-columns';
import type { GrantSort } from './grant-filters';

interface GrantsTableProps {
  snapshot: PagesSnapshot<GrantListing>;
  ensureRange: (first: number, last: number) => void;
  sort: GrantSort;
  onSortChange: (sort: GrantSort) => void;
  onOpen: (grant: GrantListing) => void;
  selectedId: string | null;
  levelNames: ReadonlyMap<string, string>;
}

function grantAttributes(grant: GrantListing) {
  return { 'data-grant-id': grant.id, 'data-status': grant.status } as const;
}

function grantKey(grant: GrantListing): string {
  return grant.id;
}

/** Every grant of the node, a window at a time: 200,000 rows scroll like 200. */
export function GrantsTable({
  snapshot,
  ensureRange,
  sort,
  onSortChange,
  onOpen,
  selectedId,
  levelNames,
}: GrantsTableProps) {
  const columns = useMemo(() => grantColumns(levelNames), [levelNames]);
  return (
    <VirtualTable
      snapshot={snapshot}
      ensureRange={ensureRange}
      columns={columns}
      label="Grants"
      sort={sort}
      sortableColumns={grantSortFieldSchema.options}
      onSortChange={onSortChange}
      onOpen={onOpen}
      testId="grants-table"
      rowTestId="grant-row"
      rowAttributes={grantAttributes}
      rowKey={grantKey}
      selectedKey={selectedId}
      className="grants-table"
      minWidth={1040}
    />
  );
}
