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

  // The catalog starts empty and says so.
  await page.getByTestId('nav-catalog').click();
  await expect(page.getByText(/No datasets yet/)).toBeVisible();

  // Add a dataset through the form.
  await page.getByTestId('new-dataset').first().click();
  const form = page.getByTestId('dataset-form');
  await form.getByLabel('Identifier').fill('harbour-vessel-movements');
  await form.getByLabel('Title').fill('Vessel movements');
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
    await expect(page.getByText(/40 datasets/)).toBeVisible();

    await page.getByTestId('catalog-search').fill('parking');
    await expect(page.getByText(/2 datasets/)).toBeVisible();
    await expect(
      page.locator('[data-testid="catalog-row"][data-identifier="parking-occupancy"]'),
    ).toBeVisible();
    await page.getByTestId('catalog-search').fill('');
    await expect(page.getByText(/40 datasets/)).toBeVisible();

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
