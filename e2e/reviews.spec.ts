import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ concordatSeed: 'demo' });

async function actAs(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: /^Acting as / }).click();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.getByText(`Now acting as ${name}`)).toBeVisible();
}

/** Decides the first undecided item on screen. */
async function decideNext(
  page: Page,
  decision: 'keep' | 'revoke' | 'narrow',
  justification: string,
): Promise<void> {
  await page.getByTestId('review-item-row').first().click();
  const panel = page.getByTestId('review-item-panel');
  await panel.getByTestId(`review-decision-${decision}`).check();
  await panel.getByTestId('review-justification').fill(justification);
  await panel.getByTestId('review-decide-submit').click();
  if (decision === 'revoke') {
    await page
      .getByRole('alertdialog', { name: 'Revoke this grant?' })
      .getByRole('button', { name: 'Revoke grant' })
      .click();
  }
  const label = { keep: 'Keep', revoke: 'Revoke', narrow: 'Narrow' }[decision];
  await expect(page.getByText(new RegExp(`^${label} recorded for`))).toBeVisible();
}

/**
 * The demo's quarterly review of Riverton University has three grants left. A reviewer
 * decides them (keep, narrow, revoke), the revoked grant is revoked in the access screen with
 * the review as its cause, and a lead closes the campaign.
 */
test('a reviewer completes an access review and a lead closes it', async ({ concordat }) => {
  const page = concordat.page;
  await actAs(page, 'Lena Fischer');
  await page.getByTestId('nav-reviews').click();
  await page.getByRole('link', { name: /Quarterly access review/ }).click();
  const summary = page.getByTestId('review-summary');
  await expect(summary).toContainText('20 of 23 decided');

  await page.getByTestId('review-filter-undecided').click();
  await expect(page.getByTestId('review-item-count')).toContainText('3');
  await decideNext(page, 'keep', 'Needed for the term project.');
  await expect(summary).toContainText('21 of 23 decided');
  await decideNext(page, 'narrow', 'Aggregates answer the question.');
  await expect(summary).toContainText('22 of 23 decided');
  await decideNext(page, 'revoke', 'The study ended.');
  await expect(summary).toContainText('23 of 23 decided');

  // Only a lead closes a campaign.
  await expect(page.getByTestId('review-close')).toBeDisabled();
  await actAs(page, 'Jonas Weber');
  await page.getByTestId('review-close').click();
  await page
    .getByRole('alertdialog', { name: 'Close this campaign?' })
    .getByRole('button', { name: 'Close campaign' })
    .click();
  await expect(page.getByTestId('review-close')).toHaveCount(0);

  // The revocation went through the write path: the grant is revoked, the review its cause.
  await page.getByTestId('nav-access').click();
  await page.getByTestId('grants-search').fill('Mobility researchers');
  await expect(page.getByTestId('grant-row').first()).toContainText('Mobility researchers');
  await page.getByRole('button', { name: 'Status' }).click();
  // The filter applies through the URL, a moment after the click: assert, don't `check()`.
  const revoked = page.getByRole('checkbox', { name: 'Revoked' });
  await revoked.click();
  await expect(revoked).toBeChecked();
  await page.keyboard.press('Escape');
  await page.getByTestId('grant-row').first().click();
  await expect(page.getByTestId('grant-history')).toContainText('Through access review');
});
