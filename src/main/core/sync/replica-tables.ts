import type { SnapshotRecordKind } from '../../../shared/domain/sync';
import { tableSpecs } from '../db/schema';

/** The projection table each kind of record lives in, own rows and replicas alike. */
export const replicaTables = {
  charter: 'charter_version',
  dataset: 'dataset',
  principal: 'principal',
  grant: 'access_grant',
  endorsement: 'charter_endorsement',
} as const satisfies Record<SnapshotRecordKind, keyof typeof tableSpecs>;

/** Local bookkeeping a snapshot never carries: the dataset's search-index key. */
const localColumns: ReadonlySet<string> = new Set(['row_key']);

/** The columns a snapshot carries for a kind, in table order (also the row's JSON key order). */
export function replicaColumns(kind: SnapshotRecordKind): readonly string[] {
  const cached = columnCache.get(kind);
  if (cached) return cached;
  const columns = Object.keys(tableSpecs[replicaTables[kind]]).filter(
    (column) => !localColumns.has(column),
  );
  columnCache.set(kind, columns);
  return columns;
}

const columnCache = new Map<SnapshotRecordKind, readonly string[]>();

/** The parts of a snapshot, in the order they are written and applied. */
export const snapshotParts = ['charter', 'dataset', 'principal', 'grant', 'endorsement'] as const;
