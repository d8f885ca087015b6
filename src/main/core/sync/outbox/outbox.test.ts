import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { applyMigrations, loadMigrations } from '../../db/migrations';
import { useTempDir } from '../../testing/temp-dir';
import { thrownCode } from '../../testing/thrown-code';
import { snapshotKey } from '../transports/transport';
import { retryDelayMs } from './backoff';
import { deliverDue } from './deliver';
import { bundleOf, dueItems, enqueue, outboxState } from './outbox';
import { getPeerTransport, setPeerTransport, transportFor } from './transport-settings';

const me = 'a1b2c3d4-e5f6-4789-8abc-def012345678';
const peer = '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab';
const otherPeer = '0b7e2f10-55aa-4c11-8d22-33445566778a';
const t0 = '2026-03-01T10:00:00.000Z';
const later = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();
const middle = () => 0.5;

const databases: Database.Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

function migrated(): Database.Database {
  const sqlite = new Database(':memory:');
  databases.push(sqlite);
  applyMigrations(sqlite, loadMigrations(), () => t0);
  // The outbox serves pinned peers only; a bare database gets two (the write path is tested in
  // sync-run.test.ts, with real workspaces).
  const pinPeer = sqlite.prepare(
    `INSERT INTO peer (node_id, organisation, operator, card_roles, vkey, fingerprint, relationship,
       tier, roles, governs, status, card, added_by, added_at)
     VALUES (?, ?, 'Operator', '[]', ?, ?, 'partner', NULL, '[]', 0, 'trusted', '{}', 'test', ?)`,
  );
  pinPeer.run(peer, 'Acme', 'vkey-1', 'SHA256:one', t0);
  pinPeer.run(otherPeer, 'Globex', 'vkey-2', 'SHA256:two', t0);
  return sqlite;
}

function queue(sqlite: Database.Database, version: number, to = peer, now = t0): boolean {
  return enqueue(sqlite, {
    peerId: to,
    key: snapshotKey(to, me, version),
    version,
    bundle: new Uint8Array([version, 42]),
    now,
  });
}

describe('the snapshot outbox', () => {
  const tempDir = useTempDir();

  it('delivers queued bundles through the peer’s shared folder and drops their bytes', async () => {
    const sqlite = migrated();
    const root = tempDir();
    setPeerTransport(sqlite, { peerId: peer, kind: 'folder', path: root }, t0);
    expect(queue(sqlite, 1)).toBe(true);
    expect(queue(sqlite, 2)).toBe(true);

    const report = await deliverDue(sqlite, t0);
    expect(report).toEqual({ sent: 2, failed: 0, errors: [] });
    expect(readFileSync(join(root, peer, me, '00000002.snapshot'))).toEqual(Buffer.from([2, 42]));
    expect(bundleOf(sqlite, 1)).toHaveLength(0);
    expect(outboxState(sqlite)).toEqual([
      {
        peerId: peer,
        pending: 0,
        oldestPendingAt: null,
        nextAttemptAt: null,
        lastError: null,
        lastSentAt: t0,
      },
    ]);
    expect(await deliverDue(sqlite, later(60_000))).toEqual({ sent: 0, failed: 0, errors: [] });
  });

  it('queues a peer’s version once, before and after it is sent', async () => {
    const sqlite = migrated();
    for (const peerId of [peer, otherPeer]) {
      setPeerTransport(sqlite, { peerId, kind: 'folder', path: tempDir() }, t0);
    }
    expect(queue(sqlite, 1)).toBe(true);
    expect(queue(sqlite, 1)).toBe(false);
    expect(queue(sqlite, 1, otherPeer)).toBe(true);
    expect(dueItems(sqlite, t0).map((item) => [item.peerId, item.version])).toEqual([
      [otherPeer, 1],
      [peer, 1],
    ]);
    expect(await deliverDue(sqlite, t0)).toMatchObject({ sent: 2, failed: 0 });
    expect(queue(sqlite, 1)).toBe(false);
    expect(dueItems(sqlite, later(1))).toEqual([]);
    expect(outboxState(sqlite).map((state) => state.pending)).toEqual([0, 0]);
  });

  it('backs off after failures, shows why, and delivers once the folder is back', async () => {
    const sqlite = migrated();
    const root = join(tempDir(), 'Dropbox');
    setPeerTransport(sqlite, { peerId: peer, kind: 'folder', path: root }, t0);
    queue(sqlite, 1);
    queue(sqlite, 2);

    const first = await deliverDue(sqlite, t0, undefined, { random: middle });
    // Version 2 is not tried after version 1 failed: it must not overtake it.
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(first.errors).toEqual([
      {
        peerId: peer,
        version: 1,
        code: 'TRANSPORT_UNREACHABLE',
        message: expect.stringContaining(root) as string,
      },
    ]);
    const [state] = outboxState(sqlite);
    expect(state).toMatchObject({
      pending: 2,
      oldestPendingAt: t0,
      nextAttemptAt: t0,
      lastError: { code: 'TRANSPORT_UNREACHABLE', at: t0 },
      lastSentAt: null,
    });

    // Version 1 waits 30 s; version 2, though due itself, waits behind it.
    expect(dueItems(sqlite, later(29_999))).toEqual([]);
    expect(dueItems(sqlite, later(30_000)).map((item) => item.version)).toEqual([1, 2]);
    await deliverDue(sqlite, later(30_000), undefined, { random: middle });
    expect(dueItems(sqlite, later(30_000 + 59_999))).toEqual([]);
    expect(dueItems(sqlite, later(90_000))).toHaveLength(2);

    mkdirSync(root);
    expect(await deliverDue(sqlite, later(90_000))).toEqual({ sent: 2, failed: 0, errors: [] });
    expect(outboxState(sqlite)).toEqual([
      expect.objectContaining({ pending: 0, lastError: null, lastSentAt: later(90_000) }),
    ]);
    expect(existsSync(join(root, peer, me, '00000001.snapshot'))).toBe(true);
  });

  it('fails items for a peer without a transport, saying what to do', async () => {
    const sqlite = migrated();
    queue(sqlite, 1);
    const report = await deliverDue(sqlite, t0);
    expect(report.errors).toEqual([
      expect.objectContaining({
        code: 'NOT_FOUND',
        message: expect.stringMatching(/shared folder or a WebDAV server/) as string,
      }),
    ]);
  });

  it('refuses a key that does not belong to the peer and version it is queued for', () => {
    const sqlite = migrated();
    const code = thrownCode(() =>
      enqueue(sqlite, {
        peerId: otherPeer,
        key: snapshotKey(peer, me, 1),
        version: 1,
        bundle: new Uint8Array(1),
        now: t0,
      }),
    );
    expect(code).toBe('INVALID_INPUT');
  });
});

describe('the retry schedule', () => {
  it('doubles from 30 s up to an hour, with ±20 % jitter that never passes the hour', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 40].map((failures) => retryDelayMs(failures, middle));
    expect(waits).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
      3_600_000,
    ]);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
    expect(retryDelayMs(20, () => 0)).toBe(2_880_000);
    expect(retryDelayMs(20, () => 1)).toBe(3_600_000);
  });
});

describe('peer transport settings', () => {
  const token = 'tok-0123456789abcdef';

  it('keep the secret to themselves, and keep it when re-saved without one', () => {
    const sqlite = migrated();
    const webdav = {
      peerId: peer,
      kind: 'webdav',
      baseUrl: 'https://dav.example.org/concordat/',
      authKind: 'bearer',
    } as const;
    const saved = setPeerTransport(sqlite, { ...webdav, secret: token }, t0);
    expect(saved).toEqual({
      peerId: peer,
      kind: 'webdav',
      config: { baseUrl: webdav.baseUrl, authKind: 'bearer' },
      hasSecret: true,
      updatedAt: t0,
    });
    expect(JSON.stringify(getPeerTransport(sqlite, peer))).not.toContain(token);

    setPeerTransport(sqlite, { ...webdav, baseUrl: 'https://dav.example.org/other/' }, later(1));
    expect(getPeerTransport(sqlite, peer)).toMatchObject({ hasSecret: true });
    expect(transportFor(sqlite, peer)?.label).toBe('https://dav.example.org/other/');

    // A different kind of authentication never inherits the old secret.
    expect(
      thrownCode(() =>
        setPeerTransport(sqlite, { ...webdav, authKind: 'basic', username: 'ada' }, t0),
      ),
    ).toBe('INVALID_INPUT');
    setPeerTransport(sqlite, { ...webdav, authKind: 'none' }, t0);
    expect(getPeerTransport(sqlite, peer)).toMatchObject({ hasSecret: false });
    expect(transportFor(sqlite, otherPeer)).toBeNull();
  });

  it('refuse bad settings with messages that say what to change', () => {
    const sqlite = migrated();
    const refusal = (input: unknown): AppError => {
      try {
        setPeerTransport(sqlite, input as Parameters<typeof setPeerTransport>[1], t0);
      } catch (error) {
        if (error instanceof AppError) return error;
        throw error;
      }
      throw new Error('accepted');
    };
    const webdav = { peerId: peer, kind: 'webdav', baseUrl: 'https://dav.example.org/' };

    expect(refusal({ peerId: peer, kind: 'folder', path: 'Dropbox/x' }).issues).toEqual([
      { path: 'path', message: expect.stringMatching(/full path/) as string },
    ]);
    expect(refusal({ peerId: peer, kind: 'folder', path: '/x', extra: 1 }).code).toBe(
      'INVALID_INPUT',
    );
    expect(refusal({ peerId: 'PEER', kind: 'folder', path: '/x' }).code).toBe('INVALID_INPUT');
    expect(refusal({ peerId: peer, kind: 'ftp', path: '/x' }).code).toBe('INVALID_INPUT');
    expect(refusal({ ...webdav, authKind: 'basic', username: 'ada' }).message).toMatch(
      /needs a password/,
    );
    expect(refusal({ ...webdav, authKind: 'bearer' }).message).toMatch(/needs a token/);
    expect(
      refusal({ ...webdav, authKind: 'basic', username: 'a:b', secret: 'pw' }).message,
    ).toMatch(/colon/);
    const withPassword = refusal({
      ...webdav,
      baseUrl: 'https://ada:hunter22@dav.example.org/',
      authKind: 'none',
    });
    expect(withPassword.message).toMatch(/must not contain a username or password/);
    expect(withPassword.message).not.toContain('hunter22');
    expect(refusal({ ...webdav, authKind: 'none', ca: 'not a certificate' }).issues).toEqual([
      { path: 'ca', message: expect.stringMatching(/PEM/) as string },
    ]);
    expect(refusal({ ...webdav, authKind: 'none', timeoutMs: 5 }).code).toBe('INVALID_INPUT');
    expect(getPeerTransport(sqlite, peer)).toBeNull();
  });
});

describe('a revoked peer', () => {
  const tempDir = useTempDir();

  it('never delivers to a peer revoked after its snapshot was queued', async () => {
    const sqlite = migrated();
    setPeerTransport(sqlite, { peerId: peer, kind: 'folder', path: tempDir() }, t0);
    queue(sqlite, 1);
    sqlite
      .prepare(
        "UPDATE peer SET status = 'revoked', revoked_by = 'test', revoked_at = ?, revoke_reason = 'x' WHERE node_id = ?",
      )
      .run(t0, peer);
    expect(dueItems(sqlite, t0)).toEqual([]);
    expect(await deliverDue(sqlite, t0)).toEqual({ sent: 0, failed: 0, errors: [] });
    expect(
      thrownCode(() =>
        setPeerTransport(sqlite, { peerId: peer, kind: 'folder', path: tempDir() }, t0),
      ),
    ).toBe('PEER_REVOKED');
  });
});
