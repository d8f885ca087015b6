import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/domain/roles';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { saveBytesFile } from '../../ui/save-file';
import { acmeNode, FakePartnersBackend, makePeer, sampleDiff } from './partners-fake-backend';
import { formatAsOf } from './replica-badge';

vi.mock('../../ui/save-file', () => ({
  saveTextFile: vi.fn(),
  saveBytesFile: vi.fn(),
  copyText: vi.fn(() => Promise.resolve(true)),
}));

const issuedAt = '2026-02-20T10:00:00.000Z';

function setup(roles: Role[] = ['lead', 'steward']) {
  const transport = new FakeTransport();
  if (transport.status.state === 'open') {
    transport.status = { ...transport.status, actor: { ...transport.status.actor, roles } };
  }
  const backend = new FakePartnersBackend(transport, {
    peers: [
      makePeer({
        lastReceived: {
          version: 3,
          digest: 'ab'.repeat(32),
          issuedAt,
          expiresAt: '2099-01-01T00:00:00.000Z',
          importedAt: '2026-02-20T11:00:00.000Z',
        },
        replicaCounts: { charter: 2, dataset: 1 },
      }),
    ],
  });
  backend.details.set(acmeNode, {
    lastImport: { version: 3, issuedAt, importedAt: '2026-02-20T11:00:00.000Z', diff: sampleDiff },
  });
  backend.replicas = {
    charter: [
      {
        kind: 'charter',
        id: 'acme-charter-2',
        version: 2,
        title: 'Acme data sharing charter',
        status: 'published',
        publishedAt: '2026-02-01T09:00:00.000Z',
        endorsement: null,
      },
      {
        kind: 'charter',
        id: 'acme-charter-1',
        version: 1,
        title: 'Acme data sharing charter',
        status: 'superseded',
        publishedAt: '2025-06-01T09:00:00.000Z',
        endorsement: null,
      },
    ],
    dataset: [
      {
        kind: 'dataset',
        id: 'acme-ds',
        identifier: 'acme-stops',
        title: 'Acme stops',
        category: 'operational',
        sensitivity: 'internal',
        status: 'active',
        updatedAt: '2026-02-01T09:00:00.000Z',
      },
    ],
  };
  renderApp(`/partners/${acmeNode}`, transport);
  return { transport, backend };
}

describe('a peer’s page', () => {
  it('shows the last import’s diff and the replicas, each marked with where and when from', async () => {
    const user = userEvent.setup();
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme' })).toBeInTheDocument();
    expect(screen.getByTestId('peer-last-import')).toHaveTextContent(
      '2 added · 1 changed · 0 removed',
    );
    const charters = await screen.findByTestId('replica-table-charter');
    const rows = within(charters).getAllByTestId('replica-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(`From Acme`);
    expect(rows[0]).toHaveTextContent(`as of ${formatAsOf(issuedAt)}`);
    // Only the version in force can be endorsed.
    expect(within(rows[0] as HTMLElement).getByTestId('charter-endorse')).toBeEnabled();
    expect(within(rows[1] as HTMLElement).queryByTestId('charter-endorse')).toBeNull();

    // Arrow keys move between the tabs.
    await user.click(screen.getByTestId('replica-tab-charter'));
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('replica-tab-dataset')).toHaveFocus();
    const datasets = await screen.findByTestId('replica-table-dataset');
    expect(datasets).toHaveTextContent('acme-stops');
    expect(datasets).toHaveTextContent('From Acme');
  });

  it('endorses the published version after a confirmation, then says when', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await user.click(await screen.findByTestId('charter-endorse'));
    const dialog = await screen.findByRole('dialog', { name: /Endorse Acme’s charter v2/ });
    await user.type(within(dialog).getByLabelText('Note'), 'Agreed at the March board');
    await user.click(within(dialog).getByRole('button', { name: 'Endorse this version' }));
    await waitFor(() => {
      expect(transport.callsTo('sync.endorse')).toEqual([
        { charterId: 'acme-charter-2', note: 'Agreed at the March board' },
      ]);
    });
    expect(await screen.findByTestId('charter-endorsed')).toHaveTextContent(
      /Endorsed on .* by Ada Lovelace/,
    );
  });

  it('leaves endorsing to governance leads', async () => {
    setup(['steward']);
    const endorse = await screen.findByTestId('charter-endorse');
    expect(endorse).toBeDisabled();
    expect(endorse).toHaveAttribute(
      'title',
      expect.stringMatching(/needs the Governance lead role/),
    );
  });

  it('revokes only with a reason, after a confirmation', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await user.click(await screen.findByTestId('peer-revoke'));
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke Acme?' });
    expect(dialog).toHaveTextContent(/cannot be undone/);
    const confirm = within(dialog).getByTestId('revoke-submit');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByTestId('revoke-reason'), '   ');
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByTestId('revoke-reason'), 'Contract ended');
    await user.click(confirm);
    await waitFor(() => {
      expect(transport.callsTo('sync.revokePeer')).toEqual([
        { nodeId: acmeNode, reason: 'Contract ended' },
      ]);
    });
    expect(await screen.findByText(/^Revoked on/)).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.getByTestId('peer-revoke')).toBeDisabled();
    });
    expect(screen.getByTestId('peer-export')).toBeDisabled();
  });

  it('exports a snapshot for the peer as a file', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    transport.respond('sync.exportBundle', () => ({
      ok: true,
      value: {
        fileName: 'northwind-health-to-acme-v0005.snapshot',
        bundleBase64: 'H4sBAgM=',
        version: 5,
        records: 12,
        queued: false,
      },
    }));
    await user.click(await screen.findByTestId('peer-export'));
    await waitFor(() => {
      expect(saveBytesFile).toHaveBeenCalledWith(
        'northwind-health-to-acme-v0005.snapshot',
        new Uint8Array([0x1f, 0x8b, 1, 2, 3]),
        'application/octet-stream',
      );
    });
    expect(await screen.findByTestId('toast')).toHaveTextContent('Snapshot 5 for Acme saved');
  });

  it('needs a transport before it syncs', async () => {
    setup();
    const start = await screen.findByTestId('sync-now-start');
    expect(start).toBeDisabled();
    expect(start).toHaveAttribute('title', expect.stringMatching(/Set a transport/));
  });

  it('saves a WebDAV transport with a write-only secret, then syncs now and says what it did', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    const form = await screen.findByTestId('transport-form');
    await user.selectOptions(within(form).getByTestId('transport-kind'), 'webdav');
    await user.type(within(form).getByTestId('transport-url'), 'https://dav.example.org/c/');
    await user.type(within(form).getByTestId('transport-username'), 'northwind');
    await user.type(within(form).getByTestId('transport-secret'), 's3cret');
    await user.click(within(form).getByTestId('transport-save'));
    await waitFor(() => {
      expect(transport.callsTo('sync.setTransport')).toEqual([
        {
          nodeId: acmeNode,
          kind: 'webdav',
          baseUrl: 'https://dav.example.org/c/',
          authKind: 'basic',
          username: 'northwind',
          secret: 's3cret',
        },
      ]);
    });
    // Saved: the form starts again from what main keeps, the secret only as "stored".
    await waitFor(() => {
      expect(screen.getByTestId('transport-secret')).toHaveValue('');
    });
    expect(screen.getByTestId('transport-secret')).toHaveAttribute(
      'placeholder',
      expect.stringContaining('stored'),
    );

    const start = screen.getByTestId('sync-now-start');
    await waitFor(() => {
      expect(start).toBeEnabled();
    });
    await user.click(start);
    const status = screen.getByTestId('sync-now-status');
    expect(await within(status).findByText('Published snapshot 2.')).toBeInTheDocument();
    expect(status).toHaveTextContent('Imported snapshot 4: 2 added · 1 changed · 0 removed.');
    expect(transport.callsTo('sync.syncNow')).toEqual([{}]);
  });

  it('says when the peer does not exist', async () => {
    const transport = new FakeTransport();
    new FakePartnersBackend(transport);
    renderApp('/partners/00000000-0000-4000-8000-000000000000', transport);
    expect(await screen.findByText('No such peer')).toBeInTheDocument();
  });
});
