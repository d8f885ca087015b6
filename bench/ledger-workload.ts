import { randomUUID } from 'node:crypto';
import type { Dataset, DatasetDraft } from '../src/shared/domain/dataset';
import { applyEvent } from '../src/main/core/commands/appliers';
import type { DomainEvent } from '../src/main/core/commands/events';
import { Workspace } from '../src/main/core/workspace/workspace';

export const benchKeyProtection = {
  kind: 'passphrase',
  passphrase: 'bench-passphrase-123',
} as const;

const sensitivities = ['public', 'internal', 'confidential', 'restricted'] as const;
const topics = ['buses', 'trams', 'parking', 'air quality', 'fares', 'cycling', 'road works'];

/** A dataset draft; with the envelope, its ledger entries are about 650 bytes. */
export function benchDraft(i: number, revision = 0): DatasetDraft {
  return {
    identifier: `ds-${String(i).padStart(5, '0')}`,
    title: `${topics[i % topics.length] ?? 'data'} ${i}${revision ? ` r${revision}` : ''}`,
    description: 'Synthetic bench data.',
    category: 'operational',
    holder: 'Bench Org',
    sensitivity: sensitivities[(i + revision) % 4] ?? 'internal',
    cadence: { kind: 'periodic', interval: 'daily' },
    retention: 'P1Y',
    distributions: [],
    schemaFields: [],
    pushers: [],
    status: revision % 17 === 16 ? 'deprecated' : 'active',
    steward: `Steward ${(i + revision) % 40}`,
    formats: ['CSV'],
    tags: [`group-${i % 25}`],
  };
}

/**
 * Dataset events as the catalog commands produce them: `datasets` creations, then updates
 * round-robin over those datasets until `count` events.
 */
export function* datasetEvents(
  nodeId: string,
  datasets: number,
  count: number,
  start = 0,
): Generator<DomainEvent> {
  const ids: string[] = [];
  const versions: number[] = [];
  const clock = Date.parse('2025-01-01T00:00:00.000Z');
  for (let n = start; n < start + count; n++) {
    const time = new Date(clock + n * 1000).toISOString();
    if (n < datasets) {
      const dataset: Dataset = {
        ...benchDraft(n),
        id: randomUUID(),
        ownerNode: nodeId,
        version: 1,
        createdAt: time,
        updatedAt: time,
      };
      ids.push(dataset.id);
      versions.push(1);
      yield { type: 'dataset.created', payload: dataset };
    } else {
      const i = n % datasets;
      const version = (versions[i] ?? 1) + 1;
      versions[i] = version;
      yield {
        type: 'dataset.updated',
        payload: {
          id: ids[i] ?? '',
          version,
          updatedAt: time,
          draft: benchDraft(i, version - 1),
        },
      };
    }
  }
}

/**
 * Builds a workspace whose ledger holds `size` entries, through the write path (appliers and
 * LedgerStore.append, one transaction per `batch` events rather than per command, so it takes
 * a minute instead of an hour of fsyncs) and signs a checkpoint every `checkpointEvery` entries.
 */
export function buildLedger(
  path: string,
  size: number,
  options: { datasets?: number; batch?: number; checkpointEvery?: number } = {},
): Workspace {
  const ws = Workspace.create(
    path,
    { organisation: 'Bench', operator: 'Bench', roles: ['steward'] },
    { keyProtection: benchKeyProtection },
  );
  const { sqlite, ledger, node } = ws;
  const actor = { node: node.nodeId, operator: node.operator };
  const batch = options.batch ?? 20_000;
  const checkpointEvery = options.checkpointEvery ?? 250_000;
  const events = datasetEvents(node.nodeId, options.datasets ?? 10_000, size - ledger.size);
  const time = '2025-06-01T12:00:00.000Z';
  // Setup, not measurement: a large page cache and no fsync while filling the file; the app's
  // settings (default cache, synchronous=FULL) come back before anything is measured.
  sqlite.pragma('cache_size = -524288');
  sqlite.pragma('synchronous = OFF');
  while (ledger.size < size) {
    sqlite
      .transaction(() => {
        for (let k = 0; k < batch && ledger.size < size; k++) {
          const event = events.next().value as DomainEvent;
          applyEvent(sqlite, event);
          ledger.append(event, actor, time);
          if (ledger.size % checkpointEvery === 0) ws.checkpoint();
        }
      })
      .immediate();
  }
  ws.checkpoint();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('cache_size = -2000');
  return ws;
}
