import { createColumnHelper } from '@tanstack/react-table';
import type { DatasetRow } from '../../../shared/domain/dataset';
import { cadenceKey } from '../../../shared/domain/governance-terms';
import { SensitivityBadge, StatusBadge } from '../../ui/badge';
import type { Slot, SlotColumn } from '../../ui/data-table/virtual-table';
import { formatDateTime, formatRelative, pluralise } from '../../ui/format';
import { ReplicaBadge } from '../partners/replica-badge';
import type { ReplicaOrigin } from '../partners/use-peers';
import {
  catalogColumnIds,
  catalogColumnLabels as labels,
  type CatalogColumnId,
} from './column-visibility';
import { cadenceShortLabels } from './governance-labels';

const column = createColumnHelper<Slot<DatasetRow>>();

function Muted() {
  return <span className="cell-muted">—</span>;
}

function TokenList({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <Muted />;
  return (
    <span className="token-list" title={values.join(', ')}>
      {values.map((value) => (
        <span key={value} className="token">
          {value}
        </span>
      ))}
    </span>
  );
}

function TextCell({ value }: { value: string | undefined }) {
  if (value === undefined) return null;
  if (value === '') return <Muted />;
  return (
    <span className="cell-text" title={value}>
      {value}
    </span>
  );
}

/** A category by its name in the governing charter; an id the charter lacks is shown as is. */
function CategoryCell({ id, names }: { id: string; names: ReadonlyMap<string, string> }) {
  if (id === '') return <span className="cell-muted">None</span>;
  const name = names.get(id);
  if (name === undefined) {
    return (
      <span className="cell-muted cell-mono" title="Not a category of the governing charter">
        {id}
      </span>
    );
  }
  return (
    <span className="cell-text" title={name}>
      {name}
    </span>
  );
}

function FindingsCell({ count }: { count: number }) {
  if (count === 0) return null;
  const text = `Breaks ${pluralise(count, 'charter rule')}`;
  return (
    <span className="charter-flag" title={text} aria-label={text}>
      <span aria-hidden="true">⚠ {count}</span>
    </span>
  );
}

/** Whose records are replicas here: this node's id, and the peers they may come from. */
export interface CatalogOwners {
  ownNode: string;
  origins: ReadonlyMap<string, ReplicaOrigin>;
}

/**
 * Built per render because "Updated" depends on the clock and categories on the charter; the
 * definitions are cheap. Only the columns in `visible` are returned, in the usual order. A
 * dataset another node owns carries a "From <organisation>" badge beside its title.
 */
export function catalogColumns(
  now: number,
  categoryNames: ReadonlyMap<string, string>,
  visible: (id: CatalogColumnId) => boolean = () => true,
  owners?: CatalogOwners,
): SlotColumn<DatasetRow>[] {
  const replicaOf = (row: DatasetRow | undefined) =>
    row && owners && row.ownerNode !== owners.ownNode ? row.ownerNode : null;
  const all: Record<CatalogColumnId, SlotColumn<DatasetRow>> = {
    identifier: column.accessor((slot) => slot.row?.identifier, {
      id: 'identifier',
      header: labels.identifier,
      cell: ({ row }) => (
        <span className="cell-mono" title={row.original.row?.identifier}>
          {row.original.row?.identifier}
        </span>
      ),
    }),
    title: column.accessor((slot) => slot.row?.title, {
      id: 'title',
      header: labels.title,
      cell: ({ row }) => {
        const owner = replicaOf(row.original.row);
        const title = (
          <span className="cell-title" title={row.original.row?.title}>
            {row.original.row?.title}
          </span>
        );
        if (owner === null) return title;
        return (
          <span className="cell-replica" data-testid="catalog-replica">
            {title}
            <ReplicaBadge origin={owners?.origins.get(owner)} />
          </span>
        );
      },
    }),
    category: column.accessor((slot) => slot.row?.category, {
      id: 'category',
      header: labels.category,
      cell: ({ row }) =>
        row.original.row ? (
          <CategoryCell id={row.original.row.category} names={categoryNames} />
        ) : null,
    }),
    holder: column.accessor((slot) => slot.row?.holder, {
      id: 'holder',
      header: labels.holder,
      cell: ({ row }) => <TextCell value={row.original.row?.holder} />,
    }),
    sensitivity: column.accessor((slot) => slot.row?.sensitivity, {
      id: 'sensitivity',
      header: labels.sensitivity,
      cell: ({ row }) =>
        row.original.row ? <SensitivityBadge value={row.original.row.sensitivity} /> : null,
    }),
    cadence: column.accessor((slot) => slot.row && cadenceKey(slot.row.cadence), {
      id: 'cadence',
      header: labels.cadence,
      cell: ({ row }) =>
        row.original.row ? cadenceShortLabels[cadenceKey(row.original.row.cadence)] : null,
    }),
    status: column.accessor((slot) => slot.row?.status, {
      id: 'status',
      header: labels.status,
      cell: ({ row }) =>
        row.original.row ? <StatusBadge value={row.original.row.status} /> : null,
    }),
    findings: column.accessor((slot) => slot.row?.findings, {
      id: 'findings',
      header: labels.findings,
      cell: ({ row }) => <FindingsCell count={row.original.row?.findings ?? 0} />,
    }),
    steward: column.accessor((slot) => slot.row?.steward, {
      id: 'steward',
      header: labels.steward,
      cell: ({ row }) => <TextCell value={row.original.row?.steward} />,
    }),
    formats: column.display({
      id: 'formats',
      header: labels.formats,
      cell: ({ row }) => <TokenList values={row.original.row?.formats ?? []} />,
    }),
    tags: column.display({
      id: 'tags',
      header: labels.tags,
      cell: ({ row }) => <TokenList values={row.original.row?.tags ?? []} />,
    }),
    updatedAt: column.accessor((slot) => slot.row?.updatedAt, {
      id: 'updatedAt',
      header: labels.updatedAt,
      // Newest first is what people want when they first sort by date.
      sortDescFirst: true,
      cell: ({ row }) => {
        const updatedAt = row.original.row?.updatedAt;
        return updatedAt ? (
          <time dateTime={updatedAt} title={formatDateTime(updatedAt)}>
            {formatRelative(updatedAt, now)}
          </time>
        ) : null;
      },
    }),
  };
  return catalogColumnIds.filter(visible).map((id) => all[id]);
}
