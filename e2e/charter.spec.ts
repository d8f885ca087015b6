import { expect, test } from './fixtures';

test.use({ concordatSeed: 'demo' });

/**
 * The demo node has two governance leads (Ada Okafor, Jonas Weber). Version 3 is in review; Ada
 * takes it back, edits it, sends it to review; Jonas, who did not write it, approves; it is
 * published, and the diff against version 2 shows exactly what changed.
 */
test('a lead edits a draft, another approves, it is published and compared', async ({
  concordat,
}, testInfo) => {
  const page = concordat.page;
  await page.getByTestId('nav-charter').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Version 3' })).toBeVisible();

  // Back to draft, with the reason the ledger keeps.
  await page.getByRole('button', { name: 'Return to draft' }).click();
  const returnDialog = page.getByRole('dialog', { name: /Return version 3/ });
  await returnDialog.getByLabel(/Reason/).fill('Tighten commercial data for standard partners.');
  await returnDialog.getByRole('button', { name: /Return version 3/ }).click();
  await expect(page.getByRole('button', { name: 'Save' })).toBeVisible();

  // Edit: a category's maximum access for a tier, and a clause's text.
  const sections = page.getByRole('navigation', { name: 'Charter sections' });
  await sections.getByRole('button', { name: 'Categories' }).click();
  await page.getByRole('button', { name: 'Commercial data' }).click();
  await page.getByLabel('Max access for Standard').selectOption({ label: 'None' });
  await sections.getByRole('button', { name: 'Clauses' }).click();
  const clause = page.getByRole('group', { name: /Least privilege/ });
  await clause
    .getByLabel('Text')
    .fill('Partners receive the least access their purpose needs, reviewed every quarter.');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Version 3 saved.')).toBeVisible();

  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByRole('button', { name: 'Return to draft' })).toBeVisible();

  // Ada wrote it, so she cannot approve it: another lead must.
  await expect(page.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await page.getByRole('button', { name: /Acting as Ada Okafor/ }).click();
  await page.getByRole('button', { name: /Jonas Weber/ }).click();
  await expect(page.getByText('Now acting as Jonas Weber')).toBeVisible();

  await page.getByRole('button', { name: 'Approve' }).click();
  const approve = page.getByRole('dialog', { name: 'Approve version 3?' });
  // The "no new access" check comes first: no commercial data for standard partners puts
  // their grants on it out of bounds, and each needs a remediation before approval.
  await expect(approve.getByTestId('impact-summary')).toContainText(
    /[1-9][\d,]* grants? out of bounds/,
  );
  const affected = approve.getByTestId('impact-out-of-bounds-row').first();
  await expect(affected).toContainText('Commercial data allows the Standard tier at most None');
  const approveButton = approve.getByRole('button', { name: 'Approve version 3' });
  await expect(approveButton).toBeDisabled();
  await affected.getByTestId('remediation-choice').selectOption('revoke');
  await affected
    .getByTestId('remediation-justification')
    .fill('Standard partners no longer receive commercial data.');
  // Any others are kept, as out of bounds, until their contracts are renegotiated.
  const applyToAll = approve.getByTestId('impact-apply-all');
  if ((await applyToAll.count()) > 0) {
    await applyToAll.getByLabel('Remediation').selectOption('accept');
    await applyToAll.getByLabel('Justification').fill('Renegotiating at the next review.');
    await applyToAll
      .getByRole('button', { name: /^Apply to the .* without a remediation$/ })
      .click();
  }
  await approve.getByLabel(/Note/).fill('Agreed at the partners meeting.');
  await approveButton.click();
  await expect(page.getByTestId('approval-record')).toContainText('1 revoked');

  await page.getByRole('button', { name: 'Publish' }).click();
  const publish = page.getByRole('alertdialog', { name: 'Publish version 3?' });
  await expect(publish).toContainText('supersedes version 2');
  await publish.getByRole('button', { name: 'Publish version 3' }).click();
  await expect(page.getByTestId('charter-version')).toContainText('Published');

  // Published means immutable: no Save, and the next change starts a new draft.
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Compare with version 2' }).click();
  const diff = page.getByTestId('charter-diff');
  await expect(diff).toContainText('Commercial data');
  await expect(diff).toContainText(/Aggregate\s*→\s*None/);
  await expect(diff).toContainText('Least privilege');
  await expect(diff).toContainText('reviewed every quarter');
  // What version 3 changed before the edit is in the diff too: a purpose and the review date.
  await expect(diff).toContainText('Journey planning');

  await page.screenshot({ path: 'e2e/artifacts/charter-diff.png' });
  await testInfo.attach('charter-diff', {
    path: 'e2e/artifacts/charter-diff.png',
    contentType: 'image/png',
  });

  // The catalog now answers to version 3.
  await page.getByTestId('nav-ledger').click();
  await expect(page.getByText('charter.published').first()).toBeVisible();
});
