import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { CharterContent } from '../../../shared/domain/charter';
import type { Member } from '../../../shared/domain/member';
import { roleListSchema } from '../../../shared/domain/roles';
import type { NodeIdentity, NodeSetup, ReadOnlyReason } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { applyEvent } from '../commands/appliers';
import type { DomainEvent } from '../commands/events';
import { openDatabase, type OpenDatabaseOptions } from '../db/open-database';
import { translateSqliteError } from '../db/sqlite-errors';
import { first, qb } from '../db/sql';
import {
  createNodeKey,
  keyFilePath,
  type KeyProtection,
  loadNodeSigner,
  nodeKeyName,
} from '../keys/node-key-file';
import { type DsseEnvelope, signDsse } from '../ledger/dsse';
import type { NoteSigner } from '../ledger/note-keys';
import { signCurrentCheckpoint, type StoredCheckpoint } from '../ledger-store/checkpoints';
import { LedgerStore } from '../ledger-store/ledger-store';
import { WalCheckpointer } from '../db/wal-checkpointer';
import { loadCharterTemplate } from '../charter/charter-template';
import { readMembers } from '../members/member-queries';
import { finishKeySwap } from '../keys/key-swap';

export type WorkspaceOpenOptions = Omit<OpenDatabaseOptions, 'create'> & {
  /** Unlocks (or, at creation, protects) the node's signing key. Without it nothing is signed. */
  keyProtection?: KeyProtection;
  /** The charter a new workspace starts from; the shipped template by default. */
  charterTemplate?: CharterContent;
};

/** One open workspace file: the database connection, its ledger and who this node is. */
export class Workspace {
  readonly ledger: LedgerStore;
  /** The unlocked signing key, when the caller supplied its protection. */
  private signer: NoteSigner | undefined;
  /** Why there is no signer although one was asked for (the key file is missing). */
  private keyProblem: AppError | undefined;
  /** Keeps WAL checkpoints off the interactive path (see WalCheckpointer). */
  private readonly walCheckpointer: WalCheckpointer | undefined;

  private constructor(
    readonly path: string,
    readonly sqlite: Database.Database,
    readonly node: NodeIdentity,
    readonly schemaVersion: number,
    readonly readOnly: boolean,
    /** Why it is read-only: asked for, or its file or folder cannot be written. */
    readonly readOnlyReason?: ReadOnlyReason,
  ) {
    this.ledger = new LedgerStore(sqlite);
    this.walCheckpointer = readOnly ? undefined : new WalCheckpointer(sqlite);
  }

  /** Who is at the keyboard; see actAs. */
  private actingId: string | undefined;

  /** People who operate this node. Workspaces made before members existed have none. */
  members(): Member[] {
    return readMembers(this.sqlite);
  }

  /**
   * The member this session acts as: ledger entries name them and roles are checked against
   * theirs. Attribution among people sharing one node, not authentication: they share its key.
   * A workspace without member records acts as the operator who set the node up.
   */
  get actor(): Member {
    const members = this.members().filter((member) => member.active);
    const chosen =
      members.find((member) => member.id === this.actingId) ??
      members.find((member) => member.name === this.node.operator) ??
      members[0];
    return (
      chosen ?? {
        id: this.node.nodeId,
        name: this.node.operator,
        roles: this.node.roles,
        active: true,
        addedAt: this.node.createdAt,
      }
    );
  }

  actAs(memberId: string): Member {
    const member = this.members().find((candidate) => candidate.id === memberId);
    if (!member)
      throw new AppError('NOT_FOUND', `No member with id ${memberId} in this workspace.`);
    if (!member.active) {
      throw new AppError('CONFLICT', `${member.name} is no longer active in this workspace.`);
    }
    this.actingId = member.id;
    return member;
  }

  /** Acts as the member with this name (the CLI's --as). */
  actAsNamed(name: string): Member {
    const member = this.members().find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!member) {
      const known = this.members()
        .map((m) => m.name)
        .join(', ');
      throw new AppError(
        'NOT_FOUND',
        `No member named "${name}"; members are: ${known || 'none'}.`,
      );
    }
    return this.actAs(member.id);
  }

  /** The write path calls this after each commit. */
  committed(entries = 1): void {
    this.walCheckpointer?.committed(entries);
  }

  static open(path: string, options: WorkspaceOpenOptions = {}): Workspace {
    const opened = openDatabase(path, options);
    try {
      const node = readNode(opened.sqlite, path);
      const workspace = new Workspace(
        path,
        opened.sqlite,
        node,
        opened.schemaVersion,
        opened.readOnly,
        opened.readOnlyReason,
      );
      if (options.keyProtection) workspace.unlockIfKeyExists(options.keyProtection);
      return workspace;
    } catch (error) {
      opened.sqlite.close();
      // Reading the node or the ledger's head is the first look at most pages: damage shows here.
      throw translateSqliteError(error, path);
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
    let removeKey: (() => void) | undefined;
    try {
      const { sqlite } = openDatabase(temporary, { ...options, create: true, readOnly: false });
      try {
        const node: NodeIdentity = { nodeId: randomUUID(), ...setup, createdAt: now() };
        const ledger = new LedgerStore(sqlite);
        const key = options.keyProtection
          ? createNodeKey(nodeKeyName(node.nodeId), options.keyProtection)
          : undefined;
        // Entry 0 of every ledger: who this node is; entry 1: the key that signs its checkpoints.
        const events: DomainEvent[] = [{ type: 'node.initialised', payload: node }];
        if (key) {
          events.push({
            type: 'node.key_registered',
            payload: { keyName: key.signer.name, vkey: key.signer.vkey, createdAt: node.createdAt },
          });
        }
        // The operator is the first member, and the charter starts as a draft of the template.
        events.push(
          {
            type: 'member.added',
            payload: {
              id: randomUUID(),
              name: node.operator,
              roles: node.roles,
              addedAt: node.createdAt,
            },
          },
          {
            type: 'charter.draft_created',
            payload: {
              id: randomUUID(),
              ownerNode: node.nodeId,
              version: 1,
              basedOn: null,
              content: options.charterTemplate ?? loadCharterTemplate(),
              by: node.operator,
              at: node.createdAt,
            },
          },
        );
        sqlite
          .transaction(() => {
            for (const event of events) {
              applyEvent(sqlite, event);
              ledger.append(event, { node: node.nodeId, operator: node.operator }, node.createdAt);
            }
            if (key) signCurrentCheckpoint(sqlite, ledger, key.signer, now);
          })
          .immediate();
        // The key is written before the workspace appears, so no workspace exists without it.
        removeKey = key?.write(keyFilePath(path));
        // Leave a single self-contained file: no -wal beside it when it is moved into place.
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        sqlite.close();
      }
      try {
        placeAtomically(temporary, path);
      } catch (error) {
        removeKey?.();
        throw error;
      }
    } finally {
      for (const suffix of ['', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
    }
    return Workspace.open(path, options);
  }

  /** The public key this node registered in its ledger, if it has one. */
  registeredVkey(): string | undefined {
    const row = this.sqlite
      .prepare('SELECT vkey FROM node_key ORDER BY created_at DESC, key_name LIMIT 1')
      .get() as { vkey: string } | undefined;
    return row?.vkey;
  }

  unlock(protection: KeyProtection): void {
    const vkey = this.registeredVkey();
    if (vkey === undefined) {
      throw new AppError('KEY_MISSING', `${this.path} has no registered signing key.`);
    }
    // A key rotation interrupted after its ledger entry leaves the new key waiting beside the
    // old one; the ledger says which is current, so the swap is finished here.
    if (!this.readOnly) finishKeySwap(this.path, vkey);
    this.signer = loadNodeSigner(keyFilePath(this.path), protection, vkey);
  }

  /** Takes over a new signer after a key rotation the ledger has recorded. */
  adoptSigner(signer: NoteSigner): void {
    if (signer.vkey !== this.registeredVkey()) {
      throw new AppError('KEY_INVALID', 'The new key is not the one the ledger registered.');
    }
    this.signer = signer;
    this.keyProblem = undefined;
  }

  /**
   * Unlocks the key, but opens the workspace without one when it has none: a workspace from
   * before signing keys, or a copy that (by design) left its key file behind. Signing then
   * says why it cannot. A wrong passphrase or a damaged key file still fails loudly.
   */
  private unlockIfKeyExists(protection: KeyProtection): void {
    try {
      this.unlock(protection);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'KEY_MISSING')) throw error;
      this.keyProblem = error;
    }
  }

  get isUnlocked(): boolean {
    return this.signer !== undefined;
  }

  /** Signs (and keeps) a checkpoint for the ledger's current size. */
  checkpoint(): StoredCheckpoint {
    this.assertWritable();
    try {
      return signCurrentCheckpoint(this.sqlite, this.ledger, this.signer);
    } catch (error) {
      // Say the key file is missing rather than that it is locked.
      if (this.keyProblem && error instanceof AppError && error.code === 'KEY_LOCKED') {
        throw this.keyProblem;
      }
      throw error;
    }
  }

  /**
   * Signs `payload` with the node's key as a DSSE envelope (signed evidence, for one). The key
   * stays inside this object: callers get the envelope, never the signer.
   */
  signEnvelope(payloadType: string, payload: Uint8Array): DsseEnvelope {
    if (!this.signer) {
      throw (
        this.keyProblem ??
        new AppError(
          'KEY_LOCKED',
          "The node's signing key is not unlocked; provide its passphrase (CONCORDAT_PASSPHRASE) to sign.",
        )
      );
    }
    return signDsse(payloadType, payload, this.signer);
  }

  assertWritable(): void {
    if (this.readOnly) {
      throw new AppError(
        'WORKSPACE_READ_ONLY',
        this.readOnlyReason === 'storage'
          ? `The workspace ${this.path} is open read-only because its file or folder cannot be written; nothing was changed. Make it writable (or copy it to writable storage) and open it again.`
          : `The workspace ${this.path} is open read-only; changes are not possible.`,
      );
    }
  }

  close(): void {
    this.walCheckpointer?.stop();
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
