import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyTlogProof } from '../src/main/core/ledger/tlog-proof';
import { expect, test } from './fixtures';
import { runCli } from './support/cli';

test.use({ concordatSeed: 'demo' });

function storedEntry(dbPath: string, seq: number): { bytes: Buffer; vkey: string } {
  const db = new Database(dbPath, { readonly: true });
  try {
    const bytes = db.prepare('SELECT bytes FROM ledger_entry WHERE seq = ?').pluck().get(seq);
    const vkey = db.prepare('SELECT vkey FROM node_key').pluck().get();
    return { bytes: bytes as Buffer, vkey: vkey as string };
  } finally {
    db.close();
  }
}

test('an auditor inspects an entry, verifies the ledger and files the report', async ({
  concordat,
}, testInfo) => {
  const page = concordat.page;
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-row').first()).toBeVisible();
  const size = Number((await page.getByTestId('ledger-size').textContent())?.replace(/\D/g, ''));
  expect(size).toBeGreaterThan(200);
  // Newest first.
  await expect(page.getByTestId('ledger-row').first()).toHaveAttribute(
    'data-seq',
    String(size - 1),
  );

  // Entry 5, found by filtering to dataset creations in ascending order.
  await page.getByRole('button', { name: /^#/ }).click();
  await expect(page.getByTestId('ledger-row').first()).toHaveAttribute('data-seq', '0');
  await page.locator('[data-testid="ledger-row"][data-seq="5"]').click();
  const panel = page.getByTestId('entry-panel');
  await expect(panel.getByTestId('entry-json')).toContainText('"seq":5');
  await expect(panel.getByTestId('entry-proof')).toContainText('c2sp.org/tlog-proof@v1');

  // The downloaded proof verifies independently of the app against the stored entry bytes.
  const proofDownload = page.waitForEvent('download');
  await panel.getByTestId('download-proof').click();
  const proofFile = await proofDownload;
  expect(proofFile.suggestedFilename()).toBe('entry-5.tlog-proof');
  const proofText = readFileSync(await proofFile.path(), 'utf8');
  const { bytes, vkey } = storedEntry(concordat.dbPath, 5);
  expect(verifyTlogProof(proofText, { entry: bytes }, vkey).index).toBe(5);

  // Deep verification, started from the keyboard shortcut's button.
  await page.getByLabel(/Deep check/).check();
  await page.getByTestId('verify-ledger').click();
  const result = page.getByTestId('verification-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText(`Verified: ${size.toLocaleString('en')} entries`);
  await expect(result).toContainText('Level 3, projections');

  const reportDownload = page.waitForEvent('download');
  await page.getByTestId('download-report').click();
  const report = await reportDownload;
  expect(report.suggestedFilename()).toMatch(/^concordat-verification-verified-.*\.html$/);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html).toContain('Verified: the ledger of');
  expect(html).not.toMatch(/<script/i);

  await page.screenshot({ path: 'e2e/artifacts/ledger.png' });
  await testInfo.attach('ledger', { path: 'e2e/artifacts/ledger.png', contentType: 'image/png' });
});

test('a bundle exported from the app verifies on the command line', async ({
  concordat,
  workspaceDir,
}) => {
  const page = concordat.page;
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('export-ledger').click();
  const target = join(workspaceDir, 'audit-bundle');
  await page.getByTestId('export-dir').fill(target);
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-result')).toContainText(`concordat verify ${target}`);
  expect(runCli(['verify', target])).toContain('Verified');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('export-dir')).toHaveCount(0);

  // The export signed a checkpoint for the current size, listed under Checkpoints.
  await page.getByTestId('ledger-tab-checkpoints').click();
  await expect(page.getByTestId('checkpoint-row').first()).toBeVisible();
});

test('an entry edited behind the app’s back is found and named', async ({ concordat }) => {
  const page = concordat.page;
  // The app is open (its checks on open have passed) before the attacker strikes; an edit made
  // while those checks still run is caught by them instead, on the recovery screen.
  await expect(page.getByTestId('nav-ledger')).toBeVisible();
  // The attacker edits the file while the app runs, dropping the append-only trigger first.
  const raw = new Database(concordat.dbPath);
  raw.exec('DROP TRIGGER ledger_entry_no_update');
  raw
    .prepare(
      "UPDATE ledger_entry SET bytes = CAST(replace(CAST(bytes AS TEXT), 'a', 'e') AS BLOB) WHERE seq = 10",
    )
    .run();
  raw.close();

  await page.getByTestId('nav-ledger').click();
  await expect(page.getByTestId('ledger-row').first()).toBeVisible();
  await page.keyboard.press('v');
  const result = page.getByTestId('verification-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('Verification failed at entry 10');
  await result.getByRole('button', { name: 'Show entry 10' }).click();
  const panel = page.getByRole('complementary', { name: 'Entry 10' });
  await expect(panel.getByTestId('entry-problem')).toContainText('do not match the leaf hash');
  await expect(panel.getByTestId('entry-json')).toContainText('"seq":10');
});
