import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { roleListSchema } from '../../../shared/domain/roles';
import type { NodeIdentity, NodeSetup } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { applyEvent } from '../commands/appliers';
import { openDatabase, type OpenDatabaseOptions } from '../db/open-database';
import { first, qb } from '../db/sql';
import { LedgerStore } from '../ledger-store/ledger-store';

export type WorkspaceOpenOptions = Omit<OpenDatabaseOptions, 'create'>;

/** One open workspace file: the database connection, its ledger and who this node is. */
export class Workspace {
  readonly ledger: LedgerStore;

  private constructor(
    readonly path: string,
    readonly sqlite: Database.Database,
    readonly node: NodeIdentity,
    readonly schemaVersion: number,
    readonly readOnly: boolean,
  ) {
    this.ledger = new LedgerStore(sqlite);
  }

  static open(path: string, options: WorkspaceOpenOptions = {}): Workspace {
    const opened = openDatabase(path, options);
    try {
      const node = readNode(opened.sqlite, path);
      return new Workspace(path, opened.sqlite, node, opened.schemaVersion, opened.readOnly);
    } catch (error) {
      opened.sqlite.close();
      throw error;
    }
  }

  /**
   * Creates a workspace file atomically: it is built under a temporary name and linked into
   * place only when complete, so a crash never leaves a half-made workspace at `path`.
   */
  static create(path: string, setup: NodeSetup, options: WorkspaceOpenOptions = {}): Workspace {
    if (existsSync(path)) {
      throw new AppError(
        'WORKSPACE_EXISTS',
        `${path} already exists; choose another path or open the existing workspace.`,
      );
    }
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.creating-${randomBytes(6).toString('hex')}`;
    const now = options.now ?? (() => new Date().toISOString());
    try {
      const { sqlite } = openDatabase(temporary, { ...options, create: true, readOnly: false });
      try {
        const node: NodeIdentity = { nodeId: randomUUID(), ...setup, createdAt: now() };
        const ledger = new LedgerStore(sqlite);
        const event = { type: 'node.initialised', payload: node } as const;
        // Entry 0 of every ledger: who this node is.
        sqlite
          .transaction(() => {
            applyEvent(sqlite, event);
            ledger.append(event, { node: node.nodeId, operator: node.operator }, node.createdAt);
          })
          .immediate();
        // Leave a single self-contained file: no -wal beside it when it is moved into place.
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        sqlite.close();
      }
      placeAtomically(temporary, path);
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
    }
    return Workspace.open(path, options);
  }

  assertWritable(): void {
    if (this.readOnly) {
      throw new AppError(
        'WORKSPACE_READ_ONLY',
        `The workspace ${this.path} is open read-only; changes are not possible.`,
      );
    }
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

function placeAtomically(from: string, to: string): void {
  try {
    // link() fails if `to` exists, so two concurrent inits cannot overwrite each other.
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new AppError(
        'WORKSPACE_EXISTS',
        `${to} already exists; choose another path or open the existing workspace.`,
      );
    }
    // Some file systems (FAT, some network shares) have no hard links.
    if (existsSync(to)) throw error;
    renameSync(from, to);
  }
}

function readNode(sqlite: Database.Database, path: string): NodeIdentity {
  const row = first(sqlite, qb.selectFrom('node').selectAll());
  if (!row) {
    throw new AppError(
      'WORKSPACE_NOT_INITIALISED',
      `${path} has no node identity; it was not created by \`concordat init\`.`,
    );
  }
  return {
    nodeId: row.node_id,
    organisation: row.organisation,
    operator: row.operator,
    roles: roleListSchema.parse(JSON.parse(row.roles)),
    createdAt: row.created_at,
  };
}
