import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../test/fake-transport';
import { renderWithClient } from '../../test/render';
import { SetupScreen } from './setup-screen';

const absent = { state: 'absent', path: '/tmp/ws.concordat' } as const;

describe('SetupScreen', () => {
  it('shows the schema error for an empty organisation and does not call main', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ status: absent });
    const onCreated = vi.fn();
    renderWithClient(<SetupScreen path={absent.path} onCreated={onCreated} />, transport);

    await user.type(screen.getByLabelText('Operator name'), 'Ada Lovelace');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText('Organisation is required')).toBeInTheDocument();
    expect(screen.getByLabelText('Organisation')).toHaveAttribute('aria-invalid', 'true');
    expect(transport.callsTo('workspace.create')).toEqual([]);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('requires at least one role', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ status: absent });
    renderWithClient(<SetupScreen path={absent.path} onCreated={vi.fn()} />, transport);

    await user.type(screen.getByLabelText('Organisation'), 'Northwind');
    await user.type(screen.getByLabelText('Operator name'), 'Ada');
    await user.click(screen.getByLabelText('Governance lead'));
    await user.click(screen.getByLabelText('Data steward'));
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText('Choose at least one role')).toBeInTheDocument();
    expect(transport.callsTo('workspace.create')).toEqual([]);
  });

  it('creates the workspace with the default roles', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ status: absent });
    const onCreated = vi.fn();
    renderWithClient(<SetupScreen path={absent.path} onCreated={onCreated} />, transport);

    expect(screen.getByLabelText('Governance lead')).toBeChecked();
    expect(screen.getByLabelText('Data steward')).toBeChecked();
    expect(screen.getByLabelText('Auditor')).not.toBeChecked();

    await user.type(screen.getByLabelText('Organisation'), '  Northwind Health ');
    await user.type(screen.getByLabelText('Operator name'), 'Ada Lovelace');
    await user.click(screen.getByLabelText('Auditor'));
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    await waitFor(() => {
      expect(onCreated).toHaveBeenCalledOnce();
    });
    // The schema trims, so main receives exactly what it would have parsed itself.
    expect(transport.callsTo('workspace.create')).toEqual([
      {
        organisation: 'Northwind Health',
        operator: 'Ada Lovelace',
        roles: ['lead', 'steward', 'auditor'],
      },
    ]);
  });

  it('shows a refusal from main in a banner', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ status: absent });
    transport.failNext('workspace.create', {
      code: 'WORKSPACE_LOCKED',
      message: 'Another Concordat window has this workspace open.',
    });
    renderWithClient(<SetupScreen path={absent.path} onCreated={vi.fn()} />, transport);

    await user.type(screen.getByLabelText('Organisation'), 'Northwind');
    await user.type(screen.getByLabelText('Operator name'), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Create workspace' }));

    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('Another Concordat window has this workspace open.');
    expect(banner).toHaveTextContent('WORKSPACE_LOCKED');
  });
});
