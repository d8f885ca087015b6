import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyTlogProof } from '../core/ledger/tlog-proof';
import { useTempDir } from '../core/testing/temp-dir';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();
const env = { CONCORDAT_PASSPHRASE: 'ledger cli passphrase' };

const cli = (argv: string[], environment: Record<string, string | undefined> = env) =>
  runCliCapturing(argv, environment);

async function demo(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'demo.concordat');
  expect((await cli(['demo', '--db', db])).code).toBe(0);
  return { dir, db };
}

describe('ledger and verify commands', () => {
  it('verify --db --deep passes on a demo workspace (exit 0) and reports in JSON', async () => {
    const { db } = await demo();
    const result = await cli(['verify', '--db', db, '--deep', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { ok: boolean; size: number; checks: unknown[] };
    expect(report).toMatchObject({ ok: true });
    expect(report.size).toBeGreaterThanOrEqual(200);
    expect(report.checks).toHaveLength(3);
    // No passphrase is needed to verify.
    expect((await cli(['verify', '--db', db], {})).code).toBe(0);
  });

  it('exports a bundle that verifies on its own, and fails (exit 1) once an entry is edited', async () => {
    const { dir, db } = await demo();
    const exportDir = join(dir, 'export');
    expect((await cli(['ledger', 'export', exportDir, '--db', db])).code).toBe(0);
    const ok = await cli(['verify', exportDir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Verified .* entries/);

    const entriesFile = join(exportDir, 'entries.jsonl');
    const lines = readFileSync(entriesFile, 'utf8').split('\n');
    lines[40] = lines[40]!.replace('"version":', '"version":1');
    writeFileSync(entriesFile, lines.join('\n'));
    const bad = await cli(['verify', exportDir]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/fault at entry 4[01] \(/);
  });

  it('verify --html writes the auditor’s HTML report, for a workspace and for an export', async () => {
    const { dir, db } = await demo();
    const fromDb = join(dir, 'report.html');
    const result = await cli(['verify', '--db', db, '--html', fromDb]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`Report written to ${fromDb}`);
    const html = readFileSync(fromDb, 'utf8');
    expect(html).toContain('Verified: the ledger of');
    expect(html).toContain('Metro Mobility Partnership');
    expect(html).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);

    const exportDir = join(dir, 'export');
    await cli(['ledger', 'export', exportDir, '--db', db]);
    const entriesFile = join(exportDir, 'entries.jsonl');
    const lines = readFileSync(entriesFile, 'utf8').split('\n');
    lines[40] = lines[40]!.replace('"version":', '"version":1');
    writeFileSync(entriesFile, lines.join('\n'));
    const fromExport = join(dir, 'export-report.html');
    expect((await cli(['verify', exportDir, '--html', fromExport])).code).toBe(1);
    const failed = readFileSync(fromExport, 'utf8');
    expect(failed).toContain('Checked from an exported bundle');
    expect(failed).toMatch(/Verification FAILED at entry 4[01]/);
  });

  it('names a line deleted from an exported bundle, and two lines swapped', async () => {
    const { dir, db } = await demo();
    const exportDir = join(dir, 'export');
    await cli(['ledger', 'export', exportDir, '--db', db]);
    const entriesFile = join(exportDir, 'entries.jsonl');
    const original = readFileSync(entriesFile, 'utf8').split('\n');
    const fault = async (lines: string[]) => {
      writeFileSync(entriesFile, lines.join('\n'));
      const result = await cli(['verify', exportDir, '--json']);
      expect(result.code).toBe(1);
      return (JSON.parse(result.out) as { fault: { seq: number; kind: string } }).fault;
    };
    expect(await fault(original.filter((_, i) => i !== 30))).toEqual(
      expect.objectContaining({ seq: 30, kind: 'entry-deleted' }),
    );
    const swapped = [...original];
    [swapped[50], swapped[51]] = [swapped[51]!, swapped[50]!];
    expect(await fault(swapped)).toEqual(
      expect.objectContaining({ seq: 50, kind: 'entries-reordered' }),
    );
  });

  it('--vkey pins the key: the node’s own key passes, any other key fails', async () => {
    const { dir, db } = await demo();
    const exportDir = join(dir, 'export');
    await cli(['ledger', 'export', exportDir, '--db', db]);
    const vkeyFile = join(exportDir, 'vkey');
    expect((await cli(['verify', exportDir, '--vkey', vkeyFile])).code).toBe(0);
    expect((await cli(['verify', '--db', db, '--vkey', vkeyFile])).code).toBe(0);

    const other = await demo();
    const otherExport = join(other.dir, 'export');
    await cli(['ledger', 'export', otherExport, '--db', other.db]);
    const otherVkey = readFileSync(join(otherExport, 'vkey'), 'utf8').trim();
    const bundle = await cli(['verify', exportDir, '--vkey', otherVkey, '--json']);
    expect(bundle.code).toBe(1);
    const workspace = await cli(['verify', '--db', db, '--vkey', otherVkey, '--json']);
    expect(workspace.code).toBe(1);
    expect(JSON.parse(workspace.out)).toMatchObject({ fault: { kind: 'checkpoint-signature' } });

    const bad = await cli(['verify', exportDir, '--vkey', 'not a key']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--vkey must be a verifier key');
  });

  it('refuses entries appended after the signed checkpoint', async () => {
    const { dir, db } = await demo();
    const exportDir = join(dir, 'export');
    await cli(['ledger', 'export', exportDir, '--db', db]);
    appendFileSync(join(exportDir, 'entries.jsonl'), '{"v":1}\n');
    const result = await cli(['verify', exportDir, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ fault: { kind: 'checkpoint-mismatch' } });
  });

  it('prints a tlog-proof that verifies against the node key', async () => {
    const { dir, db } = await demo();
    const proof = await cli(['ledger', 'prove', '12', '--db', db]);
    expect(proof.code).toBe(0);
    expect(proof.out.startsWith('c2sp.org/tlog-proof@v1\nindex 12\n')).toBe(true);
    await cli(['ledger', 'export', join(dir, 'x'), '--db', db]);
    const vkey = readFileSync(join(dir, 'x', 'vkey'), 'utf8').trim();
    const entry = readFileSync(join(dir, 'x', 'entries.jsonl'), 'utf8').split('\n')[12]!;
    expect(() =>
      verifyTlogProof(proof.out + '\n', { entry: Buffer.from(entry) }, vkey),
    ).not.toThrow();
  });

  it('signs a checkpoint on request, and needs the passphrase to do so', async () => {
    const { db } = await demo();
    const signed = await cli(['ledger', 'checkpoint', '--db', db, '--json']);
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.out)).toMatchObject({
      note: expect.stringMatching(/^concordat\//) as string,
    });
    const wrong = await cli(['ledger', 'checkpoint', '--db', db], {
      CONCORDAT_PASSPHRASE: 'not the passphrase',
    });
    expect(wrong).toMatchObject({
      code: 2,
      err: expect.stringContaining('KEY_PASSPHRASE_WRONG') as string,
    });
  });

  it('exits 2 for unusable input', async () => {
    const dir = tempDir();
    expect((await cli(['verify'])).code).toBe(2);
    expect((await cli(['verify', join(dir, 'nope')])).code).toBe(2);
    const notBundle = await cli(['verify', dir]);
    expect(notBundle).toMatchObject({
      code: 2,
      err: expect.stringContaining('BUNDLE_INVALID') as string,
    });
    expect((await cli(['ledger', 'prove', 'x', '--db', join(dir, 'a')])).code).toBe(2);
    expect((await cli(['ledger', 'frobnicate'])).code).toBe(2);
  });
});
