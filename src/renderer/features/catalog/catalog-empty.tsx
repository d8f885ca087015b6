import { EmptyState } from '../../ui/empty-state';
import { CatalogIcon, PlusIcon, SearchIcon } from '../../ui/icons';

export function NoDatasets({
  onNew,
  onImport,
  writeBlockedBy = null,
}: {
  onNew: () => void;
  onImport: () => void;
  /** Why datasets cannot be added (a read-only workspace); null when they can. */
  writeBlockedBy?: string | null;
}) {
  const disabled = writeBlockedBy !== null;
  const title = writeBlockedBy ?? undefined;
  return (
    <EmptyState
      icon={<CatalogIcon />}
      title="No datasets yet"
      action={
        // Not called "New dataset" or "Import…": the toolbar's buttons already have those names.
        <>
          <button
            type="button"
            className="button button-primary"
            disabled={disabled}
            title={title}
            onClick={onNew}
          >
            <PlusIcon />
            Add the first dataset
          </button>
          <button
            type="button"
            className="button"
            disabled={disabled}
            title={title}
            onClick={onImport}
          >
            Import from a file
          </button>
        </>
      }
    >
      Add the first dataset your organisation shares: what it holds, how sensitive it is and who
      stewards it. Partners see it once the charter allows and a snapshot is published.
    </EmptyState>
  );
}

export function NoMatches({ search, onClear }: { search: string; onClear: () => void }) {
  return (
    <EmptyState
      icon={<SearchIcon />}
      title="No datasets match these filters"
      action={
        <button type="button" className="button" onClick={onClear}>
          Clear filters
        </button>
      }
    >
      {search.trim()
        ? `Nothing matches “${search.trim()}” with the filters you chose.`
        : 'No dataset has the status, sensitivity and category you chose.'}
    </EmptyState>
  );
}
