import { existsSync, renameSync, statSync } from 'node:fs';
import type { AppEvent } from '../../../shared/contract/events';
import type { NodeSetup, WorkspaceStatus } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import type { BackupManifest } from '../backup/backup-files';
import { BackupScheduler, type BackupSchedulerOptions } from '../backup/backup-scheduler';
import { verifyBackup } from '../backup/create-backup';
import {
  checkBeforeRestore,
  putBackupInPlace,
  type RestoreOutcome,
} from '../backup/restore-backup';
import { countDatasets } from '../catalog/catalog-queries';
import { keyFilePath } from '../keys/node-key-file';
import { createLogger } from '../log/logger';
import { checkOpenedWorkspace, classifyOpenFailure } from '../reliability/corruption/open-check';
import { isAbsentWorkspace } from '../reliability/corruption/preflight';
import { fileStamp, moveAside } from '../reliability/corruption/quarantine';
import {
  clearRecoveryMarker,
  readRecoveryMarker,
  type RecoveryMarker,
  writeRecoveryMarker,
} from '../reliability/corruption/recovery-marker';
import { type PeriodicSyncOptions, SyncScheduler } from '../sync/sync-scheduler';
import { TaskRunner } from '../tasks/task-runner';
import { Workspace, type WorkspaceOpenOptions } from './workspace';

export type EventSink = (event: AppEvent) => void;

export type WorkspaceSessionOptions = WorkspaceOpenOptions & {
  /** Worker threads for the checks on open and on backups (default: every core; 0: none). */
  verifyThreads?: number;
  /** Scheduled backups: retention, clock. */
  backups?: Omit<BackupSchedulerOptions, 'nativeBinding' | 'threads'>;
};

const log = createLogger('workspace');

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The workspace a running app (desktop or browser mode) works on. On a first start the file
 * does not exist yet: the session is `absent` until the operator completes setup. A workspace
 * that cannot be opened (damaged, from a newer version, ...) puts the session in `recovery`:
 * damaged files are moved aside, never deleted, and the app offers its verified backups.
 */
export class WorkspaceSession {
  private workspace: Workspace | null = null;
  private recovery: RecoveryMarker | null = null;
  /** The checks on open (verifyOnOpen), while they run. */
  private checking: Promise<void> | undefined;
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
  /** Scheduled, verified backups and "Back up now"; started by the app, like sync. */
  readonly backups: BackupScheduler;

  constructor(
    readonly path: string,
    private readonly options: WorkspaceSessionOptions = {},
  ) {
    this.backups = new BackupScheduler(() => this.workspace, {
      ...options.backups,
      ...this.checkOptions(),
    });
    this.openOrRecover();
  }

  /** The better-sqlite3 build this session loads, for helpers that open their own connections. */
  get nativeBinding(): string | undefined {
    return this.options.nativeBinding;
  }

  current(): Workspace | null {
    return this.workspace;
  }

  require(): Workspace {
    if (this.recovery) throw new AppError(this.recovery.code, this.recovery.message);
    if (!this.workspace) {
      throw new AppError(
        'WORKSPACE_ABSENT',
        'No workspace is open yet; complete the first-start setup.',
      );
    }
    return this.workspace;
  }

  /**
   * The full checks the app runs on every open, after the file checks and SQLite's own open
   * that the constructor did: integrity of every page, the ledger's levels 1 and 2, agreement
   * with the latest verified backup. A failure closes the workspace and enters recovery.
   * `ready()` resolves once they are done; the app's status waits for it.
   */
  verifyOnOpen(): Promise<void> {
    const ws = this.workspace;
    if (!ws) return Promise.resolve();
    const checking = checkOpenedWorkspace(ws, this.checkOptions()).then(
      (problem) => {
        if (!problem || this.workspace !== ws) return;
        ws.close();
        this.workspace = null;
        this.enterRecovery(problem);
        this.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
      },
      (error: unknown) => {
        // A fault in the checks themselves must not lock the operator out of their work.
        log.error('the checks on open failed to run', { path: this.path, error });
      },
    );
    this.checking = checking;
    return checking;
  }

  /**
   * What a running app (desktop or browser mode) starts once its window can be served: periodic
   * sync at once (it never blocks anything), the checks on open (the window's status waits for
   * them), and scheduled backups once those have run.
   */
  startBackgroundWork(sync: PeriodicSyncOptions = {}): void {
    this.sync.start(sync);
    void this.verifyOnOpen().then(() => {
      this.backups.start();
    });
  }

  /** Resolves when the checks on open (if any are running) have finished. */
  async ready(): Promise<void> {
    await this.checking;
  }

  status(): WorkspaceStatus {
    if (this.recovery) {
      const { code, message, movedAside, detectedAt } = this.recovery;
      return {
        state: 'recovery',
        path: this.path,
        problem: { code, message },
        movedAside,
        detectedAt,
      };
    }
    const ws = this.workspace;
    if (!ws) return { state: 'absent', path: this.path };
    return {
      state: 'open',
      path: ws.path,
      schemaVersion: ws.schemaVersion,
      readOnly: ws.readOnly,
      ...(ws.readOnlyReason ? { readOnlyReason: ws.readOnlyReason } : {}),
      node: ws.node,
      actor: { id: ws.actor.id, name: ws.actor.name, roles: ws.actor.roles },
      members: ws.members().filter((member) => member.active).length,
      counts: { datasets: countDatasets(ws), ledgerEntries: ws.ledger.size },
    };
  }

  /**
   * Sets up a new workspace: on a first start, or in recovery once the damaged files were moved
   * aside and the operator chose to start afresh rather than restore.
   */
  create(setup: NodeSetup): WorkspaceStatus {
    if (this.workspace || (this.recovery && this.recovery.movedAside.length === 0)) {
      throw new AppError(
        'WORKSPACE_EXISTS',
        `A workspace file is already at ${this.path}; restore a backup or open another path.`,
      );
    }
    // The damaged node's key stays beside it (never deleted), out of the new node's way.
    const key = keyFilePath(this.path);
    if (this.recovery && existsSync(key)) {
      renameSync(key, `${key}.replaced-${fileStamp(new Date())}`);
    }
    this.workspace = Workspace.create(this.path, setup, this.options);
    this.recovery = null;
    clearRecoveryMarker(this.path);
    this.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
    return this.status();
  }

  /**
   * Replaces the workspace with a verified backup: waits for any backup in progress, checks the
   * backup (the workspace stays open if it does not verify), closes the workspace, puts the
   * backup in place (the current files are moved aside), then opens and checks the result as
   * on any start. Whatever happens after the close, the session shows what is on disk.
   */
  restore(id: string): Promise<RestoreOutcome> {
    return this.backups.exclusive(async () => {
      const backup = await checkBeforeRestore(this.path, id, this.checkOptions());
      this.tasks.cancelAll();
      this.workspace?.close();
      this.workspace = null;
      try {
        return await putBackupInPlace(this.path, backup, this.checkOptions());
      } finally {
        this.recovery = null;
        this.openOrRecover();
        await this.verifyOnOpen();
        this.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
      }
    });
  }

  /** Checks a backup again and records the verdict; one backup job at a time. */
  verifyBackup(id: string): Promise<BackupManifest> {
    return this.backups.exclusive(() => verifyBackup(this.path, id, this.checkOptions()));
  }

  subscribe(listener: EventSink): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  close(): void {
    this.backups.stop();
    this.sync.stop();
    this.tasks.cancelAll();
    this.workspace?.close();
    this.workspace = null;
  }

  private checkOptions(): { nativeBinding?: string; threads?: number } {
    return {
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      ...(this.options.verifyThreads === undefined ? {} : { threads: this.options.verifyThreads }),
    };
  }

  /**
   * Opens the file at `path` (synchronous checks only: the files, SQLite's open, migrations),
   * or shows why it cannot be opened. With no file, the recovery marker says whether an earlier
   * start moved a damaged workspace aside (recovery) or this is a first start (absent).
   */
  private openOrRecover(): void {
    this.workspace = null;
    try {
      // The file checks themselves run once, inside Workspace.open.
      if (isAbsentWorkspace(this.path)) {
        this.recovery = readRecoveryMarker(this.path) ?? null;
        return;
      }
      this.workspace = Workspace.open(this.path, this.options);
      this.recovery = null;
      // The file opens again (restored by hand, say): the earlier recovery is over.
      clearRecoveryMarker(this.path);
    } catch (error) {
      // A folder where the workspace file should be is a mistake in the setup, not damage.
      if (isDirectory(this.path)) throw error;
      this.enterRecovery(error);
    }
  }

  /** Moves damaged files aside and remembers why; rethrows what is not a workspace problem. */
  private enterRecovery(error: unknown): void {
    const failure = classifyOpenFailure(error);
    if (!failure) throw error;
    const detectedAt = new Date();
    let movedAside: string[] = [];
    let message = failure.error.message;
    if (failure.quarantine) {
      try {
        movedAside = moveAside(this.path, 'damaged', detectedAt);
        message += ` The damaged files were moved aside, not deleted: ${movedAside.join(', ')}.`;
      } catch (moveError) {
        message += ` They could not be moved aside (${(moveError as Error).message}).`;
      }
    }
    this.recovery = {
      code: failure.error.code,
      message,
      movedAside,
      detectedAt: detectedAt.toISOString(),
    };
    log.warn('workspace needs recovery', { path: this.path, code: failure.error.code });
    if (movedAside.length > 0) {
      try {
        writeRecoveryMarker(this.path, this.recovery);
      } catch (markerError) {
        log.error('could not record the recovery state', { path: this.path, error: markerError });
      }
    }
  }
}
