import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { rpc } from './support/rpc';

test.use({ concordatSeed: 'demo' });

async function actAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Acting as / }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByText(`Now acting as ${name}`)).toBeVisible();
}

async function chooseDataset(page: Page, identifier: string): Promise<void> {
  const picker = page.getByTestId('grant-dataset');
  await picker.fill(identifier);
  await page.locator(`.combobox-option[data-identifier="${identifier}"]`).click();
}

/**
 * The demo's pilot partner (Cyclo Bike Share) may see no commercial data and only aggregates
 * of operational data. A steward asks too much, sees why it is denied (nothing is written,
 * and main refuses the same request sent directly), then asks for less and it is recorded.
 */
test('an over-broad request is denied with its reason; a narrower one is allowed', async ({
  concordat,
}) => {
  const page = concordat.page;
  await actAs(page, 'Lena Fischer');
  await page.getByTestId('nav-access').click();
  const count = page.getByTestId('grants-count');
  await expect(count).toHaveText('160 grants');

  await page.getByTestId('grant-new').click();
  const form = page.getByTestId('grant-request-form');
  await form.getByTestId('grant-principal').selectOption({ label: 'Analysts (Cyclo Bike Share)' });
  await chooseDataset(page, 'fare-revenue-monthly');
  await form.getByTestId('grant-level').selectOption({ label: 'Read' });
  const verdict = form.getByTestId('grant-verdict');
  await expect(verdict).toHaveAttribute('data-decision', 'deny');
  await expect(verdict.locator('[data-rule="level.within_tier_maximum"]')).toContainText(
    "Level within the tier's maximum",
  );
  await form.getByTestId('grant-justification').fill('Fare analysis for the pilot.');
  await expect(form.getByTestId('grant-submit')).toBeDisabled();

  // Main refuses the same request sent around the form, and writes nothing.
  const app = concordat.server();
  const principals = (await rpc(app, 'access.principals', {})).body.value as {
    id: string;
    name: string;
    organisation: string;
  }[];
  const cyclo = principals.find((p) => p.organisation === 'Cyclo Bike Share');
  const datasets = (await rpc(app, 'catalog.list', { search: 'fare-revenue-monthly', limit: 5 }))
    .body.value as { rows: { id: string; identifier: string }[] };
  const fare = datasets.rows.find((d) => d.identifier === 'fare-revenue-monthly');
  const today = new Date().toISOString().slice(0, 10);
  const refused = await rpc(app, 'access.requestGrant', {
    principalId: cyclo?.id,
    datasetId: fare?.id,
    level: 'read',
    purpose: 'dpv:ServiceOptimisation',
    start: today,
    until: `${String(Number(today.slice(0, 4)) + 1)}${today.slice(4, 10)}`,
    justification: 'Sent around the form',
  });
  expect(refused.status).toBe(422);
  expect(refused.body.error?.code).toBe('POLICY_DENIED');
  await expect(count).toHaveText('160 grants');

  // Aggregates of operational data are within the pilot tier's maximum.
  await chooseDataset(page, 'apc-raw');
  await form.getByTestId('grant-level').selectOption({ label: 'Aggregate' });
  await expect(verdict).toHaveAttribute('data-decision', 'allow');
  await form.getByTestId('grant-submit').click();
  await expect(page.getByText('Access requested')).toBeVisible();
  await expect(count).toHaveText('161 grants');
  const panel = page.getByTestId('grant-panel');
  await expect(panel).toContainText('Requested');
  await expect(panel.getByTestId('grant-explain')).toHaveAttribute('data-decision', 'allow');
});

/** Auditors read everything and change nothing: the UI disables, main refuses. */
test('an auditor can inspect grants but not change them', async ({ concordat }) => {
  const page = concordat.page;
  await actAs(page, 'Ines Moreau');
  await page.getByTestId('nav-access').click();
  const request = page.getByTestId('grant-new');
  await expect(request).toBeDisabled();
  await expect(request).toHaveAttribute('title', /needs the Data steward role/);

  // The filter lives in the URL: the box shows checked once the route has changed, so click()
  // and wait for it rather than check(), which expects the state at once.
  const outOfBounds = page.getByTestId('grants-out-of-bounds');
  await outOfBounds.click();
  await expect(page).toHaveURL(/outOfBounds=1/);
  await expect(outOfBounds).toBeChecked();
  await page.getByTestId('grant-row').first().click();
  const panel = page.getByTestId('grant-panel');
  await expect(panel.getByTestId('grant-explain')).toHaveAttribute('data-decision', 'deny');
  const revoke = panel.getByTestId('grant-step-revoke');
  await expect(revoke).toBeDisabled();
  await expect(revoke).toHaveAttribute('title', /Ines Moreau holds: Auditor/);

  const app = concordat.server();
  const status = async () =>
    ((await rpc(app, 'workspace.status', {})).body.value as { counts: { ledgerEntries: number } })
      .counts.ledgerEntries;
  const before = await status();
  const grantId = await page.getByTestId('grant-row').first().getAttribute('data-grant-id');
  const refused = await rpc(app, 'access.revokeGrant', {
    id: grantId,
    expectedVersion: 1,
    reason: 'Not mine to revoke',
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error?.code).toBe('FORBIDDEN_ROLE');
  expect(refused.body.error?.message).toContain('needs the Data steward role');
  const checkpoint = await rpc(app, 'ledger.checkpoint', {});
  expect(checkpoint.body.error?.code).toBe('FORBIDDEN_ROLE');
  expect(await status()).toBe(before);
});
