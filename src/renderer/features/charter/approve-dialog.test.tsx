import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CharterVersionImpact, ImpactItem } from '../../../shared/domain/charter-impact';
import type { Result } from '../../../shared/errors';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { draftV2, FakeCharterBackend, grace, publishedV1 } from './charter-fake-backend';

/** An active read grant the tightened version puts out of bounds (or newly allows). */
function impactItem(index: number, overrides: Partial<ImpactItem> = {}): ImpactItem {
  return {
    grantId: `grant-${String(index).padStart(3, '0')}`,
    status: 'active',
    principalId: `principal-${String(index)}`,
    principal: `Partner ${String(index)} analysts (Partner ${String(index)})`,
    datasetId: 'ds-bus-positions',
    dataset: 'Bus positions',
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    start: '2026-01-01',
    until: '2026-12-01',
    failed: [
      {
        rule: 'level.within_tier_maximum',
        outcome: 'fail',
        field: 'level',
        message: 'Operational data allows the Standard tier at most Aggregate; Read is above it.',
      },
    ],
    ...overrides,
  };
}

function impactOf(outOfBounds: number, newlyAllowed = 0, unchanged = 0): CharterVersionImpact {
  return {
    version: 2,
    governingVersion: 1,
    outOfBounds: Array.from({ length: outOfBounds }, (_, i) => impactItem(i + 1)),
    newlyAllowed: Array.from({ length: newlyAllowed }, (_, i) =>
      impactItem(500 + i, { status: 'requested', level: 'aggregate' }),
    ),
    unchanged,
  };
}

/** Grace (who did not write version 2) opens the approval of version 2, in review. */
async function openApproval(impact: CharterVersionImpact | null) {
  const user = userEvent.setup();
  const transport = new FakeTransport();
  const backend = new FakeCharterBackend(transport, {
    actor: grace,
    versions: [publishedV1(), draftV2({ status: 'in_review' })],
  });
  backend.impact = impact;
  renderApp('/charter', transport);
  await user.click(await screen.findByRole('button', { name: 'Approve' }));
  const dialog = await screen.findByRole('dialog', { name: 'Approve version 2?' });
  return { user, transport, backend, dialog };
}

function approveButton(dialog: HTMLElement): HTMLElement {
  return within(dialog).getByRole('button', { name: 'Approve version 2' });
}

describe('Approving a charter version with the "no new access" check', () => {
  it('shows a spinner while the impact loads, then says plainly when no grant is affected', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport();
    new FakeCharterBackend(transport, {
      actor: grace,
      versions: [publishedV1(), draftV2({ status: 'in_review' })],
    });
    let answer: (result: Result<CharterVersionImpact>) => void = () => undefined;
    transport.respond(
      'charter.impact',
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    renderApp('/charter', transport);
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve version 2?' });
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'Checking which grants version 2 affects…',
    );
    expect(approveButton(dialog)).toBeDisabled();

    answer(ok({ ...impactOf(0), unchanged: 12 }));
    expect(await within(dialog).findByTestId('impact-summary')).toHaveTextContent(
      '0 grants out of bounds / 0 newly allowed / 12 unchanged',
    );
    expect(dialog).toHaveTextContent(
      'No grants are affected: version 2 puts no grant out of bounds and newly allows none.',
    );
    expect(transport.callsTo('charter.impact')).toEqual([{ version: 2 }]);
    await user.type(within(dialog).getByLabelText(/Note/), 'Nothing changes for partners.');
    await user.click(approveButton(dialog));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(transport.callsTo('charter.approve')).toEqual([
      { version: 2, expectedRevision: 4, note: 'Nothing changes for partners.', remediations: [] },
    ]);
  });

  it('needs a remediation and a justification for every out-of-bounds grant before approving', async () => {
    const { user, transport, dialog } = await openApproval(impactOf(45, 2, 10));

    expect(await within(dialog).findByTestId('impact-summary')).toHaveTextContent(
      '45 grants out of bounds / 2 newly allowed / 10 unchanged',
    );
    // Paged: the first 20 of 45, each with what fails in words.
    const rows = within(dialog).getAllByTestId('impact-out-of-bounds-row');
    expect(rows).toHaveLength(20);
    const [first, second] = rows;
    if (!first || !second) throw new Error('rows');
    expect(first).toHaveTextContent('Partner 1 analysts (Partner 1) → Bus positions');
    expect(first).toHaveTextContent(
      'Read for Service provision · from 2026-01-01 until 2026-12-01 · active',
    );
    expect(first).toHaveTextContent('Read is above it.');
    expect(within(dialog).getAllByText('Grants 1–20 of 45')).toHaveLength(2);
    expect(within(dialog).getAllByTestId('impact-newly-allowed-row')).toHaveLength(2);
    expect(approveButton(dialog)).toBeDisabled();
    expect(dialog).toHaveTextContent(
      'Choose a remediation and a justification for each of the 45 grants out of bounds to approve.',
    );

    // Revoke the first; narrow the second to aggregate (levels come from version 2, at or below
    // the grant's own).
    await user.selectOptions(within(first).getByTestId('remediation-choice'), 'revoke');
    expect(approveButton(dialog)).toBeDisabled();
    await user.type(within(first).getByTestId('remediation-justification'), 'Not needed');
    await user.selectOptions(within(second).getByTestId('remediation-choice'), 'narrow');
    const level = within(second).getByTestId('remediation-level');
    expect(
      within(level)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['None', 'Aggregate', 'Read (unchanged)']);
    await user.type(within(second).getByTestId('remediation-justification'), 'Aggregates do');
    expect(second).toHaveTextContent('Choose a lower level or an earlier end day');
    await user.selectOptions(level, 'aggregate');
    expect(second).not.toHaveTextContent('Choose a lower level or an earlier end day');
    expect(dialog).toHaveTextContent('43 grants of 45 still need a remediation.');

    // The rest at once: accept, with one justification.
    const applyAll = within(dialog).getByTestId('impact-apply-all');
    await user.selectOptions(within(applyAll).getByLabelText('Remediation'), 'accept');
    await user.type(within(applyAll).getByLabelText('Justification'), 'Contracts end in December');
    await user.click(
      within(applyAll).getByRole('button', { name: 'Apply to the 43 without a remediation' }),
    );
    expect(approveButton(dialog)).toBeEnabled();
    // Rows already decided kept their remediation.
    expect(within(first).getByTestId('remediation-choice')).toHaveValue('revoke');
    await user.click(within(dialog).getAllByRole('button', { name: 'Next' })[0] as HTMLElement);
    expect(within(dialog).getAllByText('Grants 21–40 of 45')).toHaveLength(2);
    const onPageTwo = within(dialog).getAllByTestId('impact-out-of-bounds-row')[0] as HTMLElement;
    expect(within(onPageTwo).getByTestId('remediation-choice')).toHaveValue('accept');
    expect(within(onPageTwo).getByTestId('remediation-justification')).toHaveValue(
      'Contracts end in December',
    );

    await user.click(approveButton(dialog));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    const [sent] = transport.callsTo('charter.approve') as {
      remediations: { grantId: string; action: string }[];
    }[];
    expect(sent?.remediations).toHaveLength(45);
    expect(sent?.remediations.slice(0, 3)).toEqual([
      { grantId: 'grant-001', action: 'revoke', justification: 'Not needed' },
      {
        grantId: 'grant-002',
        action: 'narrow',
        justification: 'Aggregates do',
        level: 'aggregate',
      },
      { grantId: 'grant-003', action: 'accept', justification: 'Contracts end in December' },
    ]);

    // The version now shows what its approval decided.
    const record = await screen.findByTestId('approval-record');
    expect(record).toHaveTextContent(
      '45 grants out of bounds (1 revoked, 1 narrowed, 43 accepted), 2 grants newly allowed, 10 unchanged, against version 1.',
    );
  });

  it('runs the check again when approval is refused because the grants moved on', async () => {
    const { user, backend, dialog } = await openApproval(impactOf(1));
    const [row] = await within(dialog).findAllByTestId('impact-out-of-bounds-row');
    if (!row) throw new Error('row');
    await user.selectOptions(within(row).getByTestId('remediation-choice'), 'accept');
    await user.type(within(row).getByTestId('remediation-justification'), 'Kept');

    // Meanwhile a steward approved another grant the version puts out of bounds.
    backend.impact = impactOf(2);
    await user.click(approveButton(dialog));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Version 2 puts 1 grants out of bounds without a remediation. REMEDIATION_REQUIRED',
    );
    await waitFor(() => {
      expect(within(dialog).getAllByTestId('impact-out-of-bounds-row')).toHaveLength(2);
    });
    const [kept, added] = within(dialog).getAllByTestId('impact-out-of-bounds-row');
    expect(within(kept as HTMLElement).getByTestId('remediation-choice')).toHaveValue('accept');
    expect(within(added as HTMLElement).getByTestId('remediation-choice')).toHaveValue('');
    expect(approveButton(dialog)).toBeDisabled();
  });
});
