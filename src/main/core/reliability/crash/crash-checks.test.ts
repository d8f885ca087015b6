import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset } from '../../catalog/catalog-commands';
import { pendingKeyPath } from '../../keys/key-swap';
import { keyFilePath } from '../../keys/node-key-file';
import { rotateNodeKey } from '../../sync/key-rotation';
import { publishOpenCharter, sampleDraft } from '../../testing/charter-setup';
import { useTempDir } from '../../testing/temp-dir';
import { Workspace } from '../../workspace/workspace';
import { checkAfterKill } from './crash-checks';
import { type AckLine, crashKeyProtection, parseChildLine } from './crash-protocol';
import { CrashWorkload } from './crash-workload';
import { Random } from './random';

/** The checks must be able to fail: each case plants one thing a kill must never cause. */
describe('the checks after a kill', () => {
  const tempDir = useTempDir();

  /** A closed workspace with a few acknowledged commands, and their acknowledgements. */
  function workspaceWithAcks(): { path: string; acks: AckLine[] } {
    const path = join(tempDir(), 'checked.concordat');
    const ws = Workspace.create(
      path,
      { organisation: 'Riverton Transit', operator: 'Ada Lovelace', roles: ['lead', 'steward'] },
      { keyProtection: crashKeyProtection },
    );
    try {
      publishOpenCharter(ws);
      const workload = new CrashWorkload(ws, new Random(7), tempDir(), {
        nodeId: ws.node.nodeId,
        peerId: 'no-peer',
        snapshots: 0,
      });
      const acks: AckLine[] = [];
      for (const kind of [
        'create-dataset',
        'add-principal',
        'request-grant',
        'checkpoint',
      ] as const) {
        const command = workload.plan(kind);
        if (!command) throw new Error(`${kind} has nothing to do`);
        void command.run();
        acks.push(workload.ack(command));
      }
      return { path, acks };
    } finally {
      ws.close();
    }
  }

  const check = (path: string, acks: AckLine[], inFlight: AckLine | null = null) =>
    checkAfterKill({ path, peerId: 'no-peer', acks, inFlight }).problems;

  it('pass a workspace whose acknowledged commands are all there', () => {
    const { path, acks } = workspaceWithAcks();
    expect(check(path, acks)).toEqual([]);
  });

  it('name an acknowledged command that is missing, or a ledger that lost entries', () => {
    const { path, acks } = workspaceWithAcks();
    const [first] = acks;
    if (!first) throw new Error('no acknowledgement');
    const lost = { ...first, subject: '00000000-0000-4000-8000-000000000000' };
    expect(check(path, [lost])).toEqual([expect.stringContaining('is missing after the kill')]);
    const longer = { ...first, size: first.size + 100 };
    expect(check(path, [longer])).toEqual([expect.stringContaining('the ledger now holds')]);
    const rewritten = { ...first, head: '0000000000000000' };
    expect(check(path, [rewritten])).toEqual([expect.stringContaining('history changed')]);
  });

  it('catch a projection changed behind the ledger (deep verification)', () => {
    const { path, acks } = workspaceWithAcks();
    const ws = Workspace.open(path);
    ws.sqlite.prepare("UPDATE dataset SET title = 'Edited behind the ledger'").run();
    ws.close();
    expect(check(path, acks)).toEqual([expect.stringContaining('projection-mismatch')]);
  });

  it('catch an interrupted bulk command that left some of its records', () => {
    const { path, acks } = workspaceWithAcks();
    const ws = Workspace.open(path);
    for (const i of [0, 1]) {
      createDataset(
        ws,
        sampleDraft({ identifier: `ibulk-${String(i)}`, title: `Part ${String(i)}` }),
      );
    }
    ws.close();
    const inFlight = parseChildLine('committed catalog-import ibulk 3 0 0');
    if (inFlight.type !== 'committed') throw new Error('not an acknowledgement');
    expect(check(path, acks, inFlight)).toEqual([expect.stringContaining('not all or nothing')]);
  });

  it('accept a rotation cut short after its entry (finished on unlock), catch a key that does not unlock', () => {
    const { path, acks } = workspaceWithAcks();
    const oldKey = `${path}.old-key`;
    copyFileSync(keyFilePath(path), oldKey);
    const ws = Workspace.open(path, { keyProtection: crashKeyProtection });
    rotateNodeKey(ws, crashKeyProtection);
    ws.close();
    // As if killed between the ledger entry and the swap: the old key in place, the new pending.
    copyFileSync(keyFilePath(path), pendingKeyPath(path));
    copyFileSync(oldKey, keyFilePath(path));
    expect(check(path, acks)).toEqual([]);
    // As if killed after the new key went into place, before the old one was removed.
    const retired = `${keyFilePath(path)}.retired`;
    copyFileSync(oldKey, retired);
    expect(check(path, acks)).toEqual([]);
    expect(existsSync(retired)).toBe(false);
    rmSync(keyFilePath(path));
    expect(check(path, acks)).toEqual([expect.stringContaining('did not unlock')]);
  });
});
