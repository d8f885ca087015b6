import { existsSync } from 'node:fs';
import type { AppEvent } from '../../../shared/contract/events';
import type { NodeSetup, WorkspaceStatus } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { countDatasets } from '../catalog/catalog-queries';
import { SyncScheduler } from '../sync/sync-scheduler';
import { TaskRunner } from '../tasks/task-runner';
import { Workspace, type WorkspaceOpenOptions } from './workspace';

export type EventSink = (event: AppEvent) => void;

/**
 * The workspace a running app (desktop or browser mode) works on. On a first start the file
 * does not exist yet: the session is `absent` until the operator completes setup.
 */
export class WorkspaceSession {
  private workspace: Workspace | null = null;
  private readonly listeners = new Set<EventSink>();
  /** Long work the UI can follow and cancel (verification, for one). */
  readonly tasks = new TaskRunner((event) => {
    this.emit(event);
  });
  /** Periodic sync with peers and "Sync now"; started by the app, not by tests or the CLI. */
  readonly sync = new SyncScheduler(() => this.workspace, {
    // Imports may have changed replicas anywhere: every screen refetches.
    onRound: () =>
      this.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } }),
  });

  constructor(
    readonly path: string,
    private readonly options: WorkspaceOpenOptions = {},
  ) {
    if (existsSync(path)) this.workspace = Workspace.open(path, options);
  }

  /** The better-sqlite3 build this session loads, for helpers that open their own connections. */
  get nativeBinding(): string | undefined {
    return this.options.nativeBinding;
  }

  current(): Workspace | null {
    return this.workspace;
  }

  require(): Workspace {
    if (!this.workspace) {
      throw new AppError(
        'WORKSPACE_ABSENT',
        'No workspace is open yet; complete the first-start setup.',
      );
    }
    return this.workspace;
  }

  status(): WorkspaceStatus {
    const ws = this.workspace;
    if (!ws) return { state: 'absent', path: this.path };
    return {
      state: 'open',
      path: ws.path,
      schemaVersion: ws.schemaVersion,
      readOnly: ws.readOnly,
      node: ws.node,
      actor: { id: ws.actor.id, name: ws.actor.name, roles: ws.actor.roles },
      members: ws.members().filter((member) => member.active).length,
      counts: { datasets: countDatasets(ws), ledgerEntries: ws.ledger.size },
    };
  }

  create(setup: NodeSetup): WorkspaceStatus {
    if (this.workspace) {
      throw new AppError('WORKSPACE_EXISTS', `A workspace is already open at ${this.path}.`);
    }
    this.workspace = Workspace.create(this.path, setup, this.options);
    this.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
    return this.status();
  }

  subscribe(listener: EventSink): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  close(): void {
    this.sync.stop();
    this.tasks.cancelAll();
    this.workspace?.close();
    this.workspace = null;
  }
}
