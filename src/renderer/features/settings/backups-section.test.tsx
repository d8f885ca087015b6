import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BackupSummary } from '../../../shared/contract/backup-channels';
import { FakeTransport, ok, openStatus } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

const taken: BackupSummary = {
  id: '20250601T090000000Z-manual',
  createdAt: '2025-06-01T09:00:00.000Z',
  reason: 'manual',
  bytes: 640_000,
  schemaVersion: 11,
  ledgerSize: 48,
  checkpoint: { size: 48, root: 'cm9vdA==' },
  verified: true,
  verifiedAt: '2025-06-01T09:00:01.000Z',
  problem: null,
};

describe('Settings → Backups', () => {
  it('backs up now and lists the verified backup', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport();
    const backups: BackupSummary[] = [];
    transport.respond('backup.list', () =>
      ok({ dir: '/w.concordat.backups', backups: [...backups] }),
    );
    transport.respond('backup.create', () => {
      backups.unshift(taken);
      return ok(taken);
    });
    renderApp('/settings', transport);
    expect(await screen.findByText('No backups yet.')).toBeInTheDocument();
    expect(screen.getByText('/w.concordat.backups')).toBeInTheDocument();

    await user.click(screen.getByTestId('backup-now'));
    const table = await screen.findByTestId('backups-table');
    expect(within(table).getByTestId(`backup-${taken.id}`)).toHaveTextContent('Verified');
    expect(transport.callsTo('backup.create')).toEqual([{}]);
  });

  it('restores after confirmation (a lead), warning that later records go', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport();
    transport.respond('backup.list', () => ok({ dir: '/b', backups: [taken] }));
    transport.respond('backup.restore', () =>
      ok({ restored: taken, movedAside: ['/w.concordat.replaced-x'], status: transport.status }),
    );
    renderApp('/settings', transport);
    const table = await screen.findByTestId('backups-table');
    await user.click(within(table).getByRole('button', { name: /Restore the backup/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('anything recorded since then is no longer in it');
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/restored and the workspace verifies/)).toBeInTheDocument();
    expect(transport.callsTo('backup.restore')).toEqual([{ id: taken.id }]);
  });

  it('only a lead may restore, and nothing is backed up or restored from a read-only workspace', async () => {
    const steward = openStatus(0);
    if (steward.state === 'open') steward.actor = { ...steward.actor, roles: ['steward'] };
    const transport = new FakeTransport({ status: steward });
    transport.respond('backup.list', () => ok({ dir: '/b', backups: [taken] }));
    const { unmount } = renderApp('/settings', transport);
    const table = await screen.findByTestId('backups-table');
    const restore = within(table).getByRole('button', { name: /Restore the backup/ });
    expect(restore).toBeDisabled();
    expect(restore).toHaveAttribute('title', expect.stringContaining('Governance lead'));
    unmount();

    const readOnly = openStatus(0);
    if (readOnly.state === 'open') readOnly.readOnly = true;
    const second = new FakeTransport({ status: readOnly });
    second.respond('backup.list', () => ok({ dir: '/b', backups: [taken] }));
    renderApp('/settings', second);
    expect(await screen.findByTestId('backup-now')).toBeDisabled();
    const rows = await screen.findByTestId('backups-table');
    expect(within(rows).getByRole('button', { name: /Restore the backup/ })).toBeDisabled();
  });
});
