import { closeSync, openSync, writeSync } from 'node:fs';
import { expect, test } from './fixtures';

test('a damaged workspace opens on the recovery screen; the latest verified backup restores it', async ({
  concordat,
}) => {
  let page = concordat.page;
  const setup = page.getByTestId('setup-form');
  await setup.getByLabel('Organisation').fill('Contoso Research');
  await setup.getByLabel('Operator name').fill('Grace Hopper');
  await setup.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('backup-now').click();
  const backups = page.getByTestId('backups-table');
  await expect(backups.getByText('Latest verified')).toBeVisible();
  await expect(backups.getByText('Verified', { exact: true })).toBeVisible();

  // The file's header overwritten, as a failing disk would; the next start finds it.
  const fd = openSync(concordat.dbPath, 'r+');
  writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
  closeSync(fd);

  page = await concordat.restart();
  await expect(
    page.getByRole('heading', { name: 'Concordat cannot open this workspace' }),
  ).toBeVisible();
  await expect(page.getByText('WORKSPACE_CORRUPT')).toBeVisible();
  await expect(page.getByText(/workspace\.concordat\.damaged-\d{8}T\d{9}Z$/)).toBeVisible();

  await page.getByRole('button', { name: /Restore the backup taken/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // The restored workspace opens (its checks pass) on the next start too.
  page = await concordat.restart();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});
