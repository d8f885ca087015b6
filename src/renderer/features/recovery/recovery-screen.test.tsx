import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { BackupSummary } from '../../../shared/contract/backup-channels';
import type { WorkspaceStatus } from '../../../shared/domain/workspace';
import { FakeTransport, ok, openStatus } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

const path = '/home/ada/Concordat/workspace.concordat';
const damaged: WorkspaceStatus = {
  state: 'recovery',
  path,
  problem: {
    code: 'WORKSPACE_CORRUPT',
    message: `The workspace ${path} is damaged: the file was cut short.`,
  },
  movedAside: [`${path}.damaged-20250601T100000000Z`],
  detectedAt: '2025-06-01T10:00:00.000Z',
};

function backup(overrides: Partial<BackupSummary>): BackupSummary {
  return {
    id: '20250531T090000000Z-scheduled',
    createdAt: '2025-05-31T09:00:00.000Z',
    reason: 'scheduled',
    bytes: 2_400_000,
    schemaVersion: 11,
    ledgerSize: 1234,
    checkpoint: { size: 1234, root: 'cm9vdA==' },
    verified: true,
    verifiedAt: '2025-05-31T09:00:05.000Z',
    problem: null,
    ...overrides,
  };
}

function transportWithBackups(status: WorkspaceStatus, backups: BackupSummary[]) {
  const transport = new FakeTransport({ status });
  transport.respond('backup.list', () => ok({ dir: `${path}.backups`, backups }));
  return transport;
}

describe('the recovery screen', () => {
  it('says what was found and where the files went, and restores the latest verified backup after confirmation', async () => {
    const user = userEvent.setup();
    const latest = backup({
      id: '20250601T090000000Z-scheduled',
      createdAt: '2025-06-01T09:00:00.000Z',
    });
    const failed = backup({
      id: '20250601T093000000Z-manual',
      createdAt: '2025-06-01T09:30:00.000Z',
      reason: 'manual',
      verified: false,
      problem: 'the file changed since the backup was taken',
    });
    const transport = transportWithBackups(damaged, [failed, latest, backup({})]);
    transport.respond('backup.restore', () => {
      transport.status = openStatus(3);
      return ok({ restored: latest, movedAside: [], status: transport.status });
    });
    renderApp('/', transport);

    expect(
      await screen.findByRole('heading', { name: 'Concordat cannot open this workspace' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('the file was cut short');
    expect(screen.getByText('WORKSPACE_CORRUPT')).toBeInTheDocument();
    expect(screen.getByText(`${path}.damaged-20250601T100000000Z`)).toBeInTheDocument();

    const table = await screen.findByTestId('backups-table');
    const failedRow = within(table).getByTestId(`backup-${failed.id}`);
    expect(failedRow).toHaveTextContent('Failed its check');
    // A backup that failed its check is never offered.
    expect(within(failedRow).queryByRole('button')).toBeNull();
    const latestRow = within(table).getByTestId(`backup-${latest.id}`);
    expect(latestRow).toHaveTextContent('Latest verified');

    await user.click(within(latestRow).getByRole('button', { name: /Restore the backup/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent('1,234 ledger entries');
    // Nothing happens until the operator confirms.
    expect(transport.callsTo('backup.restore')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));

    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(transport.callsTo('backup.restore')).toEqual([{ id: latest.id }]);
  });

  it('shows why a restore failed and stays on the screen', async () => {
    const user = userEvent.setup();
    const only = backup({});
    const transport = transportWithBackups(damaged, [only]);
    transport.failNext('backup.restore', {
      code: 'BACKUP_INVALID',
      message: 'Backup did not verify, so it was not restored.',
    });
    renderApp('/', transport);
    const table = await screen.findByTestId('backups-table');
    await user.click(within(table).getByRole('button', { name: /Restore the backup/ }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Restore' }),
    );
    expect(await screen.findByText('BACKUP_INVALID')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Concordat cannot open this workspace' }),
    ).toBeInTheDocument();
  });

  it('without a verified backup, offers a new workspace once the damaged files are out of the way', async () => {
    const user = userEvent.setup();
    const transport = transportWithBackups(damaged, []);
    renderApp('/', transport);
    expect(await screen.findByText(/There are no backups in/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start a new, empty workspace' }));
    expect(await screen.findByTestId('setup-form')).toBeInTheDocument();
  });

  it('for a workspace from a newer version, says to update and offers no fresh start', async () => {
    const transport = transportWithBackups(
      {
        ...damaged,
        problem: { code: 'WORKSPACE_TOO_NEW', message: 'Written by a newer version of Concordat.' },
        movedAside: [],
      },
      [backup({})],
    );
    renderApp('/', transport);
    expect(await screen.findByText(/Update Concordat to open it/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start a new, empty workspace' })).toBeNull();
  });
});

describe('a read-only workspace', () => {
  it('shows a banner on every screen and disables adding datasets', async () => {
    const status = openStatus(0);
    if (status.state === 'open') {
      status.readOnly = true;
      status.readOnlyReason = 'storage';
    }
    renderApp('/catalog', new FakeTransport({ status }));
    const banner = await screen.findByTestId('read-only-banner');
    expect(banner).toHaveTextContent('This workspace is open read-only');
    expect(banner).toHaveTextContent('cannot be written');
    expect(await screen.findByTestId('new-dataset')).toBeDisabled();
    expect(screen.getByTestId('import-datasets')).toBeDisabled();
  });

  it('shows no banner when the workspace can be written', async () => {
    renderApp('/catalog', new FakeTransport());
    expect(await screen.findByTestId('new-dataset')).toBeEnabled();
    expect(screen.queryByTestId('read-only-banner')).toBeNull();
  });
});
