import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { PrincipalRecord } from '../../../shared/domain/access';
import type { Role } from '../../../shared/domain/roles';
import { makeCharterVersion } from '../../test/charter-fixture';
import { makeReviewItem } from '../../test/fake-reviews';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

function principal(name: string, organisation: string): PrincipalRecord {
  return {
    id: `p-${name}`,
    ownerNode: 'node-7f3a9c',
    kind: 'partner-role',
    name,
    organisation,
    tier: 'standard',
    legalBases: [],
    createdAt: '2025-01-01T09:00:00.000Z',
    updatedAt: '2025-01-01T09:00:00.000Z',
    version: 1,
  };
}

interface TestMember {
  id: string;
  name: string;
  roles: Role[];
}
const ada: TestMember = { id: 'member-ada', name: 'Ada Lovelace', roles: ['lead', 'steward'] };
const bo: TestMember = { id: 'member-bo', name: 'Bo', roles: ['steward'] };
const eve: TestMember = { id: 'member-eve', name: 'Eve', roles: ['auditor'] };
const members = [ada, bo, eve];

const acmeBuses = makeReviewItem({ grantId: 'g-acme-buses', principalName: 'Acme analysts' });
const acmeStops = makeReviewItem({
  grantId: 'g-acme-stops',
  principalName: 'Acme analysts',
  datasetIdentifier: 'stops',
});
const betaBuses = makeReviewItem({
  grantId: 'g-beta-buses',
  principalName: 'Beta operations',
  organisation: 'Beta',
});

/** A transport with Acme's and Beta's grants, the members and the governing charter. */
function reviewTransport(actor: TestMember = ada): FakeTransport {
  const transport = new FakeTransport();
  if (transport.status.state === 'open') {
    transport.status = { ...transport.status, actor };
  }
  transport.respond('access.principals', () =>
    ok([principal('Acme analysts', 'Acme'), principal('Beta operations', 'Beta')]),
  );
  transport.respond('members.list', () =>
    ok({
      members: members.map((member) => ({ ...member, active: true, addedAt: '2025-01-01' })),
      actingId: actor.id,
    }),
  );
  transport.respond('charter.governing', () => ok({ charter: makeCharterVersion() }));
  transport.reviews.grants = [acmeBuses, acmeStops, betaBuses];
  return transport;
}

function withCampaign(transport: FakeTransport, dueDay = '2026-03-31') {
  transport.reviews.addCampaign({ id: 'c-1', name: 'Q1 review', dueDay }, [
    acmeBuses,
    acmeStops,
    betaBuses,
  ]);
}

describe('access reviews', () => {
  it('shows the empty state and opens a campaign through the dialog', async () => {
    const user = userEvent.setup();
    const transport = reviewTransport();
    const { router } = renderApp('/reviews', transport);
    expect(await screen.findByText('No access reviews yet')).toBeInTheDocument();

    await user.click(screen.getAllByTestId('review-open')[0] as HTMLElement);
    const form = await screen.findByTestId('review-open-form');
    // Nothing is sent while the form is incomplete.
    await user.selectOptions(within(form).getByTestId('review-scope-kind'), 'partner');
    await user.click(within(form).getByTestId('review-open-submit'));
    expect(await within(form).findByText('Choose a partner')).toBeInTheDocument();
    expect(within(form).getByText('Choose at least one reviewer')).toBeInTheDocument();
    expect(transport.callsTo('reviews.open')).toEqual([]);

    // Only leads and stewards are offered as reviewers.
    const reviewers = within(form).getAllByTestId('review-reviewer');
    expect(reviewers.map((box) => (box as HTMLInputElement).value)).toEqual(['Ada Lovelace', 'Bo']);
    await user.type(within(form).getByTestId('review-name'), 'Acme review');
    await within(form).findByRole('option', { name: 'Acme' });
    await user.selectOptions(within(form).getByTestId('review-scope-partner'), 'Acme');
    await user.clear(within(form).getByTestId('review-due'));
    await user.type(within(form).getByTestId('review-due'), '2026-04-30');
    await user.click(reviewers[0] as HTMLElement);
    await user.click(within(form).getByTestId('review-open-submit'));

    await waitFor(() => {
      expect(transport.callsTo('reviews.open')).toEqual([
        {
          name: 'Acme review',
          scope: { kind: 'partner', value: 'Acme' },
          dueDay: '2026-04-30',
          reviewers: ['Ada Lovelace'],
        },
      ]);
    });
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/reviews/c-new-1');
    });
    expect(await screen.findAllByTestId('review-item-row')).toHaveLength(2);
    expect(screen.getByTestId('review-summary')).toHaveTextContent('0 of 2 decided');
  });

  it('lists campaigns with progress and overdue items', async () => {
    const transport = reviewTransport();
    withCampaign(transport, '2026-03-15');
    const [first] = transport.reviews.campaigns;
    if (first?.items[0]) first.items[0] = { ...first.items[0], decision: 'keep' };
    renderApp('/reviews', transport);
    const row = await screen.findByTestId('review-campaign-row');
    expect(row).toHaveTextContent('Q1 review');
    expect(row).toHaveTextContent('1 of 3 decided');
    expect(within(row).getByTestId('review-overdue')).toHaveTextContent('2 overdue');
    expect(within(row).getByRole('link', { name: 'Q1 review' })).toHaveAttribute(
      'href',
      '/reviews/c-1',
    );
  });

  it('decides keep, narrow, and revoke after a confirmation, then closes the campaign', async () => {
    const user = userEvent.setup();
    const transport = reviewTransport();
    withCampaign(transport);
    renderApp('/reviews/c-1', transport);
    const close = await screen.findByTestId('review-close');
    expect(close).toBeDisabled();
    expect(close).toHaveAttribute('title', expect.stringContaining('3 items are still undecided'));

    const rows = await screen.findAllByTestId('review-item-row');
    await user.click(rows[0] as HTMLElement);
    let panel = await screen.findByTestId('review-item-panel');
    let form = await within(panel).findByTestId('review-decide-form');
    // A justification is required.
    await user.click(within(form).getByTestId('review-decide-submit'));
    expect(await within(form).findByText('Say why')).toBeInTheDocument();
    await user.type(within(form).getByTestId('review-justification'), 'Still needed');
    await user.click(within(form).getByTestId('review-decide-submit'));
    await waitFor(() => {
      expect(transport.callsTo('reviews.decide')).toEqual([
        {
          campaignId: 'c-1',
          grantId: 'g-acme-buses',
          decision: 'keep',
          justification: 'Still needed',
        },
      ]);
    });

    await user.click((await screen.findAllByTestId('review-item-row'))[1] as HTMLElement);
    panel = await screen.findByTestId('review-item-panel');
    await waitFor(() => {
      expect(panel).toHaveTextContent('g-acme-stops');
    });
    form = await within(panel).findByTestId('review-decide-form');
    await user.click(within(form).getByTestId('review-decision-narrow'));
    // Narrowing offers the levels up to the grant's own, and an end day no later.
    const level = within(form).getByTestId('review-narrow-level');
    expect(
      within(level)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['none', 'aggregate', 'read']);
    await user.selectOptions(level, 'aggregate');
    await user.type(within(form).getByTestId('review-justification'), 'Aggregates suffice');
    await user.click(within(form).getByTestId('review-decide-submit'));
    await waitFor(() => {
      expect(transport.callsTo('reviews.decide').at(-1)).toEqual({
        campaignId: 'c-1',
        grantId: 'g-acme-stops',
        decision: 'narrow',
        level: 'aggregate',
        until: '2026-12-01',
        justification: 'Aggregates suffice',
      });
    });
    expect(await within(panel).findByTestId('review-final')).toBeInTheDocument();

    await user.click((await screen.findAllByTestId('review-item-row'))[2] as HTMLElement);
    panel = await screen.findByTestId('review-item-panel');
    await waitFor(() => {
      expect(panel).toHaveTextContent('g-beta-buses');
    });
    form = await within(panel).findByTestId('review-decide-form');
    await user.click(within(form).getByTestId('review-decision-revoke'));
    await user.type(within(form).getByTestId('review-justification'), 'Beta left');
    await user.click(within(form).getByTestId('review-decide-submit'));
    const confirm = await screen.findByRole('alertdialog', { name: 'Revoke this grant?' });
    expect(transport.callsTo('reviews.decide')).toHaveLength(2);
    await user.click(within(confirm).getByRole('button', { name: 'Revoke grant' }));
    await waitFor(() => {
      expect(transport.callsTo('reviews.decide')).toHaveLength(3);
    });

    await waitFor(() => {
      expect(screen.getByTestId('review-summary')).toHaveTextContent('3 of 3 decided');
    });
    await waitFor(() => {
      expect(screen.getByTestId('review-close')).toBeEnabled();
    });
    await user.click(screen.getByTestId('review-close'));
    const closing = await screen.findByRole('alertdialog', { name: 'Close this campaign?' });
    await user.click(within(closing).getByRole('button', { name: 'Close campaign' }));
    await waitFor(() => {
      expect(transport.callsTo('reviews.close')).toEqual([{ id: 'c-1', expectedVersion: 1 }]);
    });
    expect(await screen.findByText('Closed')).toBeInTheDocument();
  });

  it('filters items by decision state from the URL and exports evidence', async () => {
    const user = userEvent.setup();
    const transport = reviewTransport();
    withCampaign(transport);
    const [first] = transport.reviews.campaigns;
    if (first?.items[2]) first.items[2] = { ...first.items[2], decision: 'revoke' };
    const saved: string[] = [];
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      value: () => 'blob:evidence',
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this.download);
    });
    renderApp('/reviews/c-1?state=undecided', transport);
    await waitFor(() => {
      expect(screen.getAllByTestId('review-item-row')).toHaveLength(2);
    });
    await user.click(screen.getByTestId('review-filter-decided'));
    await waitFor(() => {
      expect(screen.getAllByTestId('review-item-row')).toHaveLength(1);
    });
    expect(transport.callsTo('reviews.items').at(-1)).toMatchObject({ state: 'decided' });

    await user.click(screen.getByTestId('review-export-csv'));
    await user.click(screen.getByTestId('review-export-json'));
    await waitFor(() => {
      expect(saved).toEqual(['review.csv', 'review.evidence.json']);
    });
    expect(transport.callsTo('reviews.export')).toEqual([
      { id: 'c-1', format: 'csv' },
      { id: 'c-1', format: 'json' },
    ]);
  });

  it("disables what the member may not do, naming the role or the campaign's reviewers", async () => {
    const user = userEvent.setup();
    const transport = reviewTransport(bo);
    withCampaign(transport);
    renderApp('/reviews/c-1?item=g-acme-buses', transport);
    const panel = await screen.findByTestId('review-item-panel');
    const submit = await within(panel).findByTestId('review-decide-submit');
    expect(submit).toBeDisabled();
    expect(submit).toHaveAttribute(
      'title',
      "Only the campaign's reviewers decide its items: Ada Lovelace.",
    );
    // Closing needs a lead.
    expect(screen.getByTestId('review-close')).toHaveAttribute(
      'title',
      expect.stringContaining('Governance lead'),
    );
    await user.click(screen.getByRole('link', { name: 'Access reviews' }));
    const open = await screen.findByTestId('review-open');
    expect(open).toBeDisabled();
    expect(open).toHaveAttribute(
      'title',
      expect.stringContaining('needs the Governance lead role'),
    );
  });
});
