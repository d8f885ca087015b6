import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { busyDashboardSummary, emptyDashboardSummary } from '../../test/dashboard-fixture';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

function renderDashboard(summary = busyDashboardSummary()) {
  const transport = new FakeTransport();
  transport.dashboard = summary;
  return { transport, ...renderApp('/dashboard', transport) };
}

function link(card: HTMLElement, name: string | RegExp): HTMLElement {
  return within(card).getByRole('link', { name });
}

describe('DashboardScreen', () => {
  it('shows each governance figure with a link to its filtered list', async () => {
    renderDashboard();
    const expiring = await screen.findByTestId('dashboard-expiring');
    expect(link(expiring, '7 grants expiring by Mar 31, 2026')).toHaveAttribute(
      'href',
      '/access?status=active,approved&untilBy=2026-03-31',
    );
    expect(within(expiring).getByText('bus-positions')).toBeInTheDocument();
    expect(within(expiring).getByText(/Beta integration/)).toBeInTheDocument();

    const outOfBounds = screen.getByTestId('dashboard-out-of-bounds');
    expect(link(outOfBounds, '12 grants out of charter bounds')).toHaveAttribute(
      'href',
      '/access?outOfBounds=1',
    );
    expect(outOfBounds).toHaveClass('dashboard-card-alert');

    const statuses = screen.getByTestId('dashboard-grant-status');
    expect(link(statuses, 'Suspended')).toHaveAttribute('href', '/access?status=suspended');
    expect(link(statuses, 'Active').closest('li')).toHaveTextContent('Active120 grants');

    const reviews = screen.getByTestId('dashboard-reviews');
    expect(link(reviews, 'Acme, winter review')).toHaveAttribute('href', '/reviews/c-late');
    expect(within(reviews).getByText(/10 overdue/)).toBeInTheDocument();
    expect(
      within(reviews).getByRole('progressbar', { name: 'Personal data, Q1: 25% decided' }),
    ).toHaveAttribute('value', '2');

    const incidents = screen.getByTestId('dashboard-incidents');
    expect(link(incidents, '3 unresolved incidents')).toHaveAttribute(
      'href',
      '/incidents?status=open,escalated',
    );
    expect(link(incidents, 'Critical')).toHaveAttribute(
      'href',
      '/incidents?status=open,escalated&severity=critical',
    );
    expect(within(incidents).getByText('2 open, 1 escalated.')).toBeInTheDocument();

    const categories = screen.getByTestId('dashboard-categories');
    expect(link(categories, 'Operational data')).toHaveAttribute(
      'href',
      '/catalog?category=operational',
    );
    expect(link(categories, 'legacy (not in the charter)')).toHaveAttribute(
      'href',
      '/catalog?category=legacy',
    );
    expect(within(categories).getByText(/5 break/)).toBeInTheDocument();

    const tiers = screen.getByTestId('dashboard-tiers');
    expect(link(tiers, 'Standard')).toHaveAttribute('href', '/access/principals?tier=standard');
    expect(link(tiers, 'No tier')).toHaveAttribute('href', '/access/principals?noTier=1');
  });

  it('draws the charts, hidden from assistive technology, and a click on a bar opens its list', async () => {
    const { router } = renderDashboard();
    const statuses = await screen.findByTestId('dashboard-grant-status');
    const chart = statuses.querySelector('.dashboard-chart');
    expect(chart).toHaveAttribute('aria-hidden', 'true');
    const bars = statuses.querySelectorAll('.recharts-bar-rectangle');
    // Requested, approved, active, suspended.
    expect(bars).toHaveLength(4);
    const active = bars[2];
    if (!active) throw new Error('no bar for active grants');
    fireEvent.click(active);
    expect(router.state.location.pathname).toBe('/access');
    expect(router.state.location.search).toBe('?status=active');
  });

  it('follows a keyboard user to the list a figure counts', async () => {
    const user = userEvent.setup();
    const { router } = renderDashboard();
    const tiers = await screen.findByTestId('dashboard-tiers');
    link(tiers, 'Strategic').focus();
    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe('/access/principals');
    expect(router.state.location.search).toBe('?tier=strategic');
  });

  it('refetches when main reports a change', async () => {
    const { transport } = renderDashboard(emptyDashboardSummary());
    const incidents = await screen.findByTestId('dashboard-incidents');
    expect(within(incidents).getByText('No incident is open.')).toBeInTheDocument();

    transport.dashboard = busyDashboardSummary();
    act(() => {
      transport.emit({ name: 'workspace.changed', payload: { entity: 'workspace', ids: [] } });
    });
    expect(await within(incidents).findByText('2 open, 1 escalated.')).toBeInTheDocument();
  });

  it('says what is missing in a workspace without a charter or grants', async () => {
    renderDashboard({ ...emptyDashboardSummary(), charter: null });
    expect(await screen.findByText('No charter governs this workspace yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Publish the charter' })).toHaveAttribute(
      'href',
      '/charter',
    );
    const statuses = screen.getByTestId('dashboard-grant-status');
    expect(within(statuses).getByText('No live grants yet.')).toBeInTheDocument();
    expect(statuses.querySelector('.dashboard-chart')).toBeNull();
    expect(
      within(screen.getByTestId('dashboard-reviews')).getByText('No review campaign is open.'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('dashboard-tiers')).getByText(
        'No partner organisation has a role yet.',
      ),
    ).toBeInTheDocument();
    // The workspace cards stay.
    expect(screen.getByRole('heading', { name: 'Audit ledger' })).toBeInTheDocument();
  });

  it('keeps the figures on screen when a refresh fails, and says so', async () => {
    const { transport } = renderDashboard();
    await screen.findByTestId('dashboard-expiring');
    transport.failNext('dashboard.summary', { code: 'INTERNAL', message: 'Disk trouble.' });
    act(() => {
      transport.emit({ name: 'workspace.changed', payload: { entity: 'access', ids: [] } });
    });
    expect(await screen.findByText('The figures could not be refreshed')).toBeInTheDocument();
    expect(screen.getByTestId('dashboard-expiring')).toBeInTheDocument();
  });
});
