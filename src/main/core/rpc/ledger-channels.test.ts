import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleDraft } from '../testing/charter-setup';
import type { AppEvent } from '../../../shared/contract/events';
import type {
  LedgerEntryDetail,
  LedgerOverview,
  LedgerPage,
  VerificationOutcome,
} from '../../../shared/domain/ledger';
import type { Result } from '../../../shared/errors';
import { createDemoFile, testKeyProtection } from '../testing/demo-workspace';
import { verifyTlogProof } from '../ledger/tlog-proof';
import { verifyBundle } from '../ledger-store/verify-bundle';
import { useTempDir } from '../testing/temp-dir';
import { WorkspaceSession } from '../workspace/workspace-session';
import { dispatch } from './dispatch';
import { createHandlers } from './handlers';

const tempDir = useTempDir();
const keyProtection = testKeyProtection;

function demoSession(options: { unlocked?: boolean } = {}) {
  const dir = tempDir();
  const path = createDemoFile(dir);
  const session = new WorkspaceSession(path, options.unlocked === false ? {} : { keyProtection });
  const events: AppEvent[] = [];
  session.subscribe((event) => events.push(event));
  const handlers = createHandlers(session, {
    name: 'Concordat',
    version: '9.9.9',
    mode: 'browser',
  });
  async function call<T>(channel: string, input: unknown): Promise<T> {
    const result = (await dispatch(handlers, channel, input)) as Result<T>;
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  }
  return {
    dir,
    path,
    session,
    events,
    call,
    raw: (c: string, i: unknown) => dispatch(handlers, c, i),
  };
}

describe('ledger channels over a demo workspace', () => {
  it('pages the whole ledger newest first without gaps, and filters by type, actor and entity', async () => {
    const { call, session } = demoSession();
    const overview = await call<LedgerOverview>('ledger.overview', {});
    expect(overview.size).toBeGreaterThan(200);
    expect(overview.types).toEqual(expect.arrayContaining(['node.initialised', 'dataset.updated']));
    expect(overview.key?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(overview.canSign).toBe(true);

    const seen: number[] = [];
    for (let offset = 0; offset < overview.size; offset += 100) {
      const page = await call<LedgerPage>('ledger.list', { offset, limit: 100 });
      expect(page.total).toBe(overview.size);
      seen.push(...page.rows.map((row) => row.seq));
    }
    expect(seen).toEqual(Array.from({ length: overview.size }, (_, i) => overview.size - 1 - i));

    const created = await call<LedgerPage>('ledger.list', {
      types: ['dataset.created'],
      order: 'asc',
      limit: 500,
    });
    const datasets = session.require().sqlite.prepare('SELECT count(*) FROM dataset').pluck().get();
    expect(created.total).toBe(datasets);
    expect(created.rows.every((row) => row.type === 'dataset.created')).toBe(true);

    const entity = created.rows[0]?.entity ?? '';
    const history = await call<LedgerPage>('ledger.list', { entity, limit: 500 });
    expect(history.rows.every((row) => row.entity === entity)).toBe(true);
    expect(history.rows.map((row) => row.type)).toContain('dataset.created');

    const byNobody = await call<LedgerPage>('ledger.list', { actor: 'Nobody at all' });
    expect(byNobody).toMatchObject({ total: 0, rows: [] });
  });

  it('shows an entry with its exact bytes and an inclusion proof that verifies independently', async () => {
    const { call, session } = demoSession();
    const detail = await call<LedgerEntryDetail>('ledger.entry', { seq: 5 });
    const stored = session
      .require()
      .sqlite.prepare('SELECT bytes FROM ledger_entry WHERE seq = 5')
      .pluck()
      .get() as Buffer;
    expect(detail.canonicalJson).toBe(stored.toString('utf8'));
    expect(detail.proof).not.toBeNull();
    const vkey = session.require().registeredVkey() ?? '';
    const verified = verifyTlogProof(detail.proof?.tlogProof ?? '', { entry: stored }, vkey);
    expect(verified.index).toBe(5);

    const missing = await demoSession().raw('ledger.entry', { seq: 10_000_000 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('verifies with a report and a self-contained HTML file, and names a tampered entry', async () => {
    const { call, path, session, events } = demoSession();
    const outcome = await call<VerificationOutcome>('ledger.verify', {
      taskId: 'verify-clean-1',
      deep: true,
    });
    expect(outcome.report.ok).toBe(true);
    // Progress went out for this run, ending with a finished phase.
    const progress = events.flatMap((event) =>
      event.name === 'task.progress' && event.payload.taskId === 'verify-clean-1'
        ? [event.payload]
        : [],
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    expect(outcome.report.checks.map((check) => check.level)).toEqual([1, 2, 3]);
    expect(outcome.html).toContain('Verified: the ledger of');
    expect(outcome.html).not.toMatch(/<script/i);
    expect(outcome.fileName).toMatch(/^concordat-verification-verified-.*\.html$/);

    session.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER ledger_entry_no_update');
    raw
      .prepare(
        "UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), 'a', 'b') AS BLOB) WHERE seq = 7",
      )
      .run();
    raw.close();
    const reopened = new WorkspaceSession(path, { keyProtection });
    const handlers = createHandlers(reopened, {
      name: 'Concordat',
      version: '9.9.9',
      mode: 'browser',
    });
    const result = (await dispatch(handlers, 'ledger.verify', {
      taskId: 'verify-tampered',
      deep: false,
    })) as Result<VerificationOutcome>;
    reopened.close();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.report.ok).toBe(false);
    expect(result.value.report.fault?.seq).toBe(7);
    expect(result.value.html).toContain('Verification FAILED at entry 7');
    // The entry the report names can still be opened, with what is wrong with it.
    const again = new WorkspaceSession(path, { keyProtection });
    const entry = (await dispatch(
      createHandlers(again, { name: 'Concordat', version: '9.9.9', mode: 'browser' }),
      'ledger.entry',
      { seq: 7 },
    )) as Result<LedgerEntryDetail>;
    again.close();
    expect(entry.ok && entry.value.problem).toContain('do not match the leaf hash');
  });

  it('exports a bundle that verifies on its own, signing and announcing the checkpoint', async () => {
    const { call, dir, events } = demoSession();
    const target = join(dir, 'audit');
    const exported = await call<{ dir: string; size: number; files: string[] }>('ledger.export', {
      dir: target,
    });
    expect(exported.files).toEqual(['entries.jsonl', 'checkpoint', 'vkey']);
    expect(readFileSync(join(target, 'entries.jsonl'), 'utf8').split('\n')).toHaveLength(
      exported.size + 1,
    );
    expect(verifyBundle(target).ok).toBe(true);
    expect(events).toContainEqual({
      name: 'workspace.changed',
      payload: { entity: 'ledger', ids: [] },
    });
  });

  it('refuses a relative or non-empty export folder and writes nothing', async () => {
    const { raw, dir } = demoSession();
    expect(await raw('ledger.export', { dir: 'relative/audit' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(existsSync(join(dir, 'relative'))).toBe(false);
    expect(await raw('ledger.export', { dir })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('cannot sign without the key, and says how to unlock it', async () => {
    const { raw, call, dir } = demoSession({ unlocked: false });
    expect((await call<LedgerOverview>('ledger.overview', {})).canSign).toBe(false);
    // The demo's last checkpoint covers the whole ledger: exporting needs no new signature.
    expect(await raw('ledger.export', { dir: join(dir, 'locked-export') })).toMatchObject({
      ok: true,
    });
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(await raw('ledger.export', { dir: join(dir, 'a-file') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await call('catalog.create', {
      draft: sampleDraft({ identifier: 'after-lock', title: 'After' }),
    });
    expect(await raw('ledger.checkpoint', {})).toMatchObject({
      ok: false,
      error: { code: 'KEY_LOCKED' },
    });
  });

  it('has no folder picker in browser mode, and says what to do instead', async () => {
    const { raw } = demoSession();
    const result = await raw('system.chooseFolder', { title: 'Export', defaultPath: '/' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_SUPPORTED' } });
    expect(result.ok ? '' : result.error.message).toContain('type the folder path');
  });

  it('cancels a verification that has not finished', async () => {
    const { session, raw } = demoSession();
    const running = raw('ledger.verify', { taskId: 'verify-cancel-1', deep: true });
    expect(session.tasks.cancel('verify-cancel-1')).toBe(true);
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await raw('task.cancel', { taskId: 'verify-cancel-1' })).toMatchObject({
      ok: true,
      value: { cancelled: false },
    });
  });
});
