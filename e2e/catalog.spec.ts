import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

test('first start, add and edit a dataset, and find it again after a restart', async ({
  concordat,
}) => {
  let page = concordat.page;

  // First start: the workspace file does not exist yet, so setup asks who runs this node.
  const setup = page.getByTestId('setup-form');
  await expect(setup).toBeVisible();
  await page.getByLabel('Organisation').fill('Harbour City Data Trust');
  await page.getByLabel('Operator name').fill('Grace Hopper');
  await page.getByRole('checkbox', { name: 'Auditor' }).check();
  await page.getByRole('button', { name: 'Create workspace' }).click();

  // A new workspace starts from the default charter, as a draft. Datasets are filed under the
  // categories of a published charter, so the only lead publishes it first (one lead: no
  // separate approver needed).
  await page.getByTestId('nav-charter').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Version 1' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page
    .getByRole('dialog', { name: 'Approve version 1?' })
    .getByRole('button', { name: 'Approve version 1' })
    .click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page
    .getByRole('alertdialog', { name: 'Publish version 1?' })
    .getByRole('button', { name: 'Publish version 1' })
    .click();
  await expect(page.getByTestId('charter-version')).toHaveAttribute('data-status', 'published');

  // The catalog starts empty and says so.
  await page.getByTestId('nav-catalog').click();
  await expect(page.getByText(/No datasets yet/)).toBeVisible();

  // Add a dataset through the form.
  await page.getByTestId('new-dataset').first().click();
  const form = page.getByTestId('dataset-form');
  await form.getByLabel('Identifier').fill('harbour-vessel-movements');
  await form.getByLabel('Title').fill('Vessel movements');
  // Picking a category fills in the defaults it allows (cadence, retention, sensitivity).
  await form.getByLabel('Category').selectOption('operational');
  await form
    .getByLabel('Description')
    .fill('Arrivals and departures of every vessel, updated hourly.');
  await form.getByLabel('Sensitivity').selectOption('confidential');
  const tags = form.getByLabel('Tags');
  await tags.fill('maritime');
  await tags.press('Enter');
  await tags.fill('logistics');
  await tags.press('Enter');
  await form.getByRole('button', { name: 'Save dataset' }).click();

  const row = page.locator(
    '[data-testid="catalog-row"][data-identifier="harbour-vessel-movements"]',
  );
  await expect(row).toBeVisible();
  await expect(row).toContainText('Vessel movements');
  await expect(row).toContainText(/confidential/i);

  // Edit it.
  await row.click();
  await expect(page.getByTestId('dataset-form').getByLabel('Title')).toHaveValue(
    'Vessel movements',
  );
  await page
    .getByTestId('dataset-form')
    .getByLabel('Title')
    .fill('Vessel movements and berth times');
  await page.getByTestId('dataset-form').getByRole('button', { name: 'Save dataset' }).click();
  await expect(row).toContainText('Vessel movements and berth times');

  // Restart on the same file: a new server, a new token, the same data.
  page = await concordat.restart();
  await page.getByTestId('nav-catalog').click();
  const again = page.locator(
    '[data-testid="catalog-row"][data-identifier="harbour-vessel-movements"]',
  );
  await expect(again).toContainText('Vessel movements and berth times');
  await expect(page.getByTestId('setup-form')).toHaveCount(0);
});

test('invalid input is refused in the form and nothing is saved', async ({ concordat }) => {
  const page = concordat.page;
  await page.getByLabel('Organisation').fill('Harbour City Data Trust');
  await page.getByLabel('Operator name').fill('Grace Hopper');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByTestId('nav-catalog').click();
  await page.getByTestId('new-dataset').first().click();
  const form = page.getByTestId('dataset-form');
  await form.getByLabel('Identifier').fill('Not A Valid Id!');
  await form.getByLabel('Title').fill('Bad');
  await form.getByRole('button', { name: 'Save dataset' }).click();
  await expect(form.getByText(/lower-case letters/)).toBeVisible();
  await expect(page.getByTestId('catalog-row')).toHaveCount(0);
});

test.describe('with the demo ecosystem', () => {
  test.use({ concordatSeed: 'demo' });

  test('the catalog lists, sorts and filters the demo datasets', async ({
    concordat,
  }, testInfo) => {
    const page = concordat.page;
    await page.getByTestId('nav-catalog').click();
    const rows = page.getByTestId('catalog-row');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByText(/300 datasets/)).toBeVisible();

    await page.getByTestId('catalog-search').fill('parking occupancy');
    await expect(
      page.locator('[data-testid="catalog-row"][data-identifier="parking-occupancy"]'),
    ).toBeVisible();
    await expect(rows).not.toHaveCount(0);
    await page.getByTestId('catalog-search').fill('');
    await expect(page.getByText(/300 datasets/)).toBeVisible();

    await page.getByRole('columnheader', { name: /Identifier/ }).click();
    await expect(rows.first()).toHaveAttribute('data-identifier', 'accessibility-stops');

    // The screenshot CI keeps as an artifact: the catalog as a user sees it.
    await page.screenshot({ path: 'e2e/artifacts/catalog.png' });
    await testInfo.attach('catalog', {
      path: 'e2e/artifacts/catalog.png',
      contentType: 'image/png',
    });
  });
});

test.describe('importing a catalog', () => {
  test.use({ concordatSeed: 'demo' });

  test('a steward imports 1,000 rows, sees the 3 bad ones, excludes them and finds the rest', async ({
    concordat,
    workspaceDir,
  }) => {
    const page = concordat.page;
    const lines = ['identifier,title,category,sensitivity,cadence,retention,holder,tags'];
    for (let i = 1; i <= 1000; i += 1) {
      const id = `harbour-sensor-${String(i).padStart(4, '0')}`;
      lines.push(
        `${id},Harbour sensor ${i},open-reference,public,daily,P1Y,Harbour Ferries,harbour;sensors`,
      );
    }
    // Row numbers as a spreadsheet shows them: the header is row 1.
    lines[100] =
      'harbour-sensor-0100,Harbour sensor 100,harbour-secrets,public,daily,P1Y,Harbour Ferries,';
    lines[500] =
      'harbour-sensor-0500,Harbour sensor 500,open-reference,public,hourly,P1Y,Harbour Ferries,';
    lines[900] =
      'Harbour Sensor 900!,Harbour sensor 900,open-reference,public,daily,P1Y,Harbour Ferries,';
    const file = join(workspaceDir, 'harbour-sensors.csv');
    writeFileSync(file, lines.join('\n') + '\n');

    await page.getByTestId('nav-catalog').click();
    await page
      .getByRole('button', { name: /Import/ })
      .first()
      .click();
    await page.getByLabel('Import file').setInputFiles(file);

    const summary = page.getByTestId('import-summary');
    await expect(summary).toContainText('1,000');
    const errors = page.getByRole('table', { name: 'Import errors' }).getByRole('row');
    // The header row and exactly three errors, one per bad row, naming row, column and rule.
    await expect(errors).toHaveCount(4);
    await expect(errors.nth(1)).toContainText('101');
    await expect(errors.nth(1)).toContainText('category');
    await expect(errors.nth(2)).toContainText('501');
    await expect(errors.nth(2)).toContainText('cadence');
    await expect(errors.nth(3)).toContainText('901');
    await expect(errors.nth(3)).toContainText('identifier');

    // Nothing can be written while invalid rows are in: all or nothing.
    await expect(page.getByRole('button', { name: 'Import 1,000 datasets' })).toBeDisabled();
    await page.getByLabel(/Exclude the 3 invalid rows/).check();
    await page.getByRole('button', { name: 'Import 997 valid datasets' }).click();
    await expect(page.getByText(/Imported 997 datasets/)).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();

    await expect(page.getByText(/1,297 datasets/)).toBeVisible();
    await page.getByTestId('catalog-search').fill('sensor 0001');
    await expect(
      page.locator('[data-testid="catalog-row"][data-identifier="harbour-sensor-0001"]'),
    ).toBeVisible();
    // An excluded row was not written.
    await page.getByTestId('catalog-search').fill('sensor 0500');
    await expect(page.getByText('No datasets match these filters')).toBeVisible();
  });
});
