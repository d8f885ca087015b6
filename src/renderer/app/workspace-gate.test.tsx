import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeTransport, makeDataset } from '../test/fake-transport';
import { renderApp } from '../test/render';

describe('WorkspaceGate and the main window', () => {
  it('runs the first-start setup, then opens the main window', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ status: { state: 'absent', path: '/tmp/ws.concordat' } });
    renderApp('/', transport);

    const form = await screen.findByTestId('setup-form');
    expect(screen.getByText('/tmp/ws.concordat')).toBeInTheDocument();
    await user.type(within(form).getByLabelText('Organisation'), 'Contoso Research');
    await user.type(within(form).getByLabelText('Operator name'), 'Grace Hopper');
    await user.click(within(form).getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    const header = screen.getByRole('banner');
    expect(header).toHaveTextContent('Contoso Research');
    expect(header).toHaveTextContent('Grace Hopper');
    expect(within(header).getByText('Governance lead')).toBeInTheDocument();
    expect(within(header).getByText('Data steward')).toBeInTheDocument();
  });

  it('shows the code and message when the workspace cannot be opened, and retries', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport();
    transport.failNext('workspace.status', {
      code: 'WORKSPACE_TOO_NEW',
      message: 'This workspace was written by a newer Concordat. Update the app to open it.',
    });
    renderApp('/', transport);

    expect(
      await screen.findByText(
        'This workspace was written by a newer Concordat. Update the app to open it.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('WORKSPACE_TOO_NEW')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
  });

  it('navigates with the sidebar and marks the current screen', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: [makeDataset({ identifier: 'a' })] });
    const { router } = renderApp('/', transport);

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/dashboard');
    expect(screen.getByTestId('nav-dashboard')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByTestId('nav-charter'));
    expect(screen.getByRole('heading', { name: 'Charter' })).toBeInTheDocument();
    expect(screen.getByText(/The data-sharing charter:/)).toBeInTheDocument();
    expect(screen.getByTestId('nav-charter')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('nav-dashboard')).not.toHaveAttribute('aria-current');

    await user.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByText('0.1.0')).toBeInTheDocument();
    expect(screen.getByText('Browser (local server)')).toBeInTheDocument();
    expect(screen.getByText('/home/ada/Concordat/workspace.concordat')).toBeInTheDocument();
  });

  it('keeps the dashboard counts current when main reports a change', async () => {
    const transport = new FakeTransport();
    renderApp('/dashboard', transport);
    expect(await screen.findByText('Nothing catalogued yet.')).toBeInTheDocument();

    transport.datasets.push(makeDataset({ identifier: 'x' }));
    if (transport.status.state === 'open')
      transport.status.counts = { datasets: 1, ledgerEntries: 3 };
    act(() => {
      transport.emit({ name: 'workspace.changed', payload: { entity: 'dataset', ids: ['x'] } });
    });
    expect(
      await screen.findByText('Catalogued by this node and shared under the charter.'),
    ).toBeInTheDocument();
  });
});
