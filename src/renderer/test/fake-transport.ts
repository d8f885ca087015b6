import {
  contract,
  type AppEvent,
  type ChannelName,
  type ChannelOutput,
} from '../../shared/contract';
import type { DashboardSummary } from '../../shared/domain/dashboard';
import type { Dataset, DatasetDraft, DatasetListQuery } from '../../shared/domain/dataset';
import { emptyDatasetDraft } from '../../shared/domain/dataset';
import { cadenceKey } from '../../shared/domain/governance-terms';
import type { NodeSetup, WorkspaceStatus } from '../../shared/domain/workspace';
import type { ErrorInfo, Result } from '../../shared/errors';
import type { Transport } from '../api/transport';
import { FakeIncidents, isIncidentChannel } from './fake-incidents';
import { FakeReviews, isReviewChannel } from './fake-reviews';
import { emptyDashboardSummary } from './dashboard-fixture';

type Responder = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;

export interface RecordedCall {
  channel: ChannelName;
  input: unknown;
}

const nodeId = 'node-7f3a9c';
const workspacePath = '/home/ada/Concordat/workspace.concordat';

export function openStatus(datasets = 0): WorkspaceStatus {
  return {
    state: 'open',
    path: workspacePath,
    schemaVersion: 1,
    readOnly: false,
    node: {
      nodeId,
      organisation: 'Northwind Health',
      operator: 'Ada Lovelace',
      roles: ['lead', 'steward'],
      createdAt: '2025-01-10T09:00:00.000Z',
    },
    actor: { id: 'member-ada', name: 'Ada Lovelace', roles: ['lead', 'steward'] },
    members: 1,
    counts: { datasets, ledgerEntries: 2 + datasets },
  };
}

export function makeDataset(overrides: Partial<Dataset> & { identifier: string }): Dataset {
  return {
    ...emptyDatasetDraft,
    title: overrides.identifier,
    id: `ds-${overrides.identifier}`,
    ownerNode: nodeId,
    version: 1,
    createdAt: '2025-02-01T10:00:00.000Z',
    updatedAt: '2025-02-01T10:00:00.000Z',
    ...overrides,
  };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function fail(code: ErrorInfo['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/**
 * An in-memory stand-in for main: the contract's channels over an array. It parses inputs
 * with the contract's schemas like main does, so a renderer sending bad input fails here too.
 */
export class FakeTransport implements Transport {
  status: WorkspaceStatus;
  datasets: Dataset[];
  /** What `dashboard.summary` answers; tests replace it and emit workspace.changed. */
  dashboard: DashboardSummary = emptyDashboardSummary();
  /** The incident channels, over arrays a test fills (incidents, grants in scope). */
  readonly incidents = new FakeIncidents(() =>
    this.status.state === 'open' ? this.status.actor : { name: 'Nobody', roles: [] },
  );
  /** The review channels, over campaigns and grants a test fills. */
  readonly reviews = new FakeReviews(() =>
    this.status.state === 'open' ? this.status.actor : { name: 'Nobody', roles: [] },
  );
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<ChannelName, ErrorInfo[]>();
  private readonly responders = new Map<ChannelName, Responder>();
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private nextId = 1;

  constructor(options: { status?: WorkspaceStatus; datasets?: Dataset[] } = {}) {
    this.datasets = options.datasets ?? [];
    this.status = options.status ?? openStatus(this.datasets.length);
  }

  /** The next call to `channel` fails with `error` (queued, one per call). */
  failNext(channel: ChannelName, error: ErrorInfo): void {
    this.failures.set(channel, [...(this.failures.get(channel) ?? []), error]);
  }

  /**
   * Answers `channel` with `respond` from now on (after the contract's input parse), for the
   * channels this fake does not model itself; a promise lets a test decide when it settles.
   */
  respond<C extends ChannelName>(
    channel: C,
    respond: (input: unknown) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>,
  ): void {
    this.responders.set(channel, respond);
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.input);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  invoke(channel: ChannelName, input: unknown): Promise<Result<unknown>> {
    this.calls.push({ channel, input });
    return Promise.resolve(this.handle(channel, input));
  }

  private handle(channel: ChannelName, input: unknown): Result<unknown> | Promise<Result<unknown>> {
    const queued = this.failures.get(channel);
    const failure = queued?.shift();
    if (failure) return { ok: false, error: failure };

    const parsed = contract[channel].input.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'The request is not valid.',
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        },
      };
    }
    const responder = this.responders.get(channel);
    if (responder) return responder(parsed.data);
    switch (channel) {
      case 'app.info':
        return ok<ChannelOutput<'app.info'>>({
          name: 'Concordat',
          version: '0.1.0',
          mode: 'browser',
        });
      case 'workspace.status':
        return ok(this.status);
      case 'workspace.create':
        return this.create(parsed.data as NodeSetup);
      case 'catalog.list':
        return ok(this.list(parsed.data as DatasetListQuery));
      case 'catalog.get': {
        const { id } = parsed.data as { id: string };
        const found = this.datasets.find((dataset) => dataset.id === id);
        return found ? ok(found) : fail('NOT_FOUND', `No dataset with id ${id}.`);
      }
      case 'catalog.create':
        return this.createDataset((parsed.data as { draft: DatasetDraft }).draft);
      case 'catalog.update':
        return this.updateDataset(
          parsed.data as { id: string; expectedVersion: number; draft: DatasetDraft },
        );
      case 'dashboard.summary':
        return ok(this.dashboard);
      // No backups unless a test says otherwise.
      case 'backup.list':
        return ok<ChannelOutput<'backup.list'>>({ dir: `${workspacePath}.backups`, backups: [] });
      // No peers unless a test says otherwise (partners-fake-backend.ts models them).
      case 'sync.peers':
        return ok([]);
      case 'sync.endorsements':
        return ok<ChannelOutput<'sync.endorsements'>>({ publishedVersion: null, partners: [] });
      default:
        if (isIncidentChannel(channel)) return this.incidents.handle(channel, parsed.data);
        if (isReviewChannel(channel)) return this.reviews.handle(channel, parsed.data);
        return fail('NOT_FOUND', `The fake transport does not model ${channel}; use respond().`);
    }
  }

  private create(setup: NodeSetup): Result<WorkspaceStatus> {
    if (this.status.state === 'open') return fail('WORKSPACE_EXISTS', 'A workspace exists.');
    const status = openStatus(0);
    if (status.state === 'open') {
      status.node = { ...status.node, ...setup };
      // The operator who sets the node up is its first member, and acts.
      status.actor = { ...status.actor, name: setup.operator, roles: setup.roles };
    }
    this.status = status;
    return ok(status);
  }

  private list(query: DatasetListQuery) {
    const search = query.search.toLowerCase();
    const matches = this.datasets.filter(
      (dataset) =>
        (search === '' ||
          [dataset.identifier, dataset.title, dataset.description, dataset.steward, ...dataset.tags]
            .join(' ')
            .toLowerCase()
            .includes(search)) &&
        (!query.status || query.status.includes(dataset.status)) &&
        (!query.sensitivity || query.sensitivity.includes(dataset.sensitivity)),
    );
    const { field, direction } = query.sort;
    const key = (dataset: Dataset) =>
      field === 'cadence' ? cadenceKey(dataset.cadence) : dataset[field];
    const sorted = [...matches].sort(
      (a, b) => key(a).localeCompare(key(b)) * (direction === 'asc' ? 1 : -1),
    );
    return {
      rows: sorted
        .slice(query.offset, query.offset + query.limit)
        .map((dataset) => ({ findings: 0, ...dataset })),
      total: matches.length,
      offset: query.offset,
    };
  }

  private createDataset(draft: DatasetDraft): Result<Dataset> {
    if (this.datasets.some((dataset) => dataset.identifier === draft.identifier)) {
      return fail('DUPLICATE', `A dataset with identifier ${draft.identifier} already exists.`);
    }
    const now = new Date().toISOString();
    const dataset: Dataset = {
      ...draft,
      id: `new-${this.nextId++}`,
      ownerNode: nodeId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.datasets.push(dataset);
    return ok(dataset);
  }

  private updateDataset(input: {
    id: string;
    expectedVersion: number;
    draft: DatasetDraft;
  }): Result<Dataset> {
    const index = this.datasets.findIndex((dataset) => dataset.id === input.id);
    const current = this.datasets[index];
    if (!current) return fail('NOT_FOUND', `No dataset with id ${input.id}.`);
    if (current.version !== input.expectedVersion) {
      return fail('CONFLICT', 'The dataset was changed by someone else.');
    }
    const updated: Dataset = {
      ...current,
      ...input.draft,
      version: current.version + 1,
      updatedAt: new Date().toISOString(),
    };
    this.datasets[index] = updated;
    return ok(updated);
  }
}
