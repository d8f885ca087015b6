import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { saveTextFile } from '../../ui/save-file';
import { FakePartnersBackend, globexNode, makePeer, ownCard } from './partners-fake-backend';
import { formatAsOf } from './replica-badge';

vi.mock('../../ui/save-file', () => ({
  saveTextFile: vi.fn(),
  saveBytesFile: vi.fn(),
  copyText: vi.fn(() => Promise.resolve(true)),
}));

const exchange = (version: number, issuedAt: string, expiresAt: string) => ({
  version,
  digest: 'cd'.repeat(32),
  issuedAt,
  expiresAt,
});

function setup(peers = [makePeer()]) {
  const transport = new FakeTransport();
  const backend = new FakePartnersBackend(transport, { peers });
  renderApp('/partners', transport);
  return { transport, backend };
}

describe('the partners screen', () => {
  it('explains onboarding when there are no peers, beside this node’s identity card', async () => {
    const user = userEvent.setup();
    setup([]);
    expect(await screen.findByText('No peers yet')).toBeInTheDocument();
    expect(screen.getByText(/Save your identity card/)).toBeInTheDocument();
    expect(screen.queryByTestId('peers-table')).not.toBeInTheDocument();

    const panel = screen.getByTestId('identity-panel');
    expect(await within(panel).findByTestId('identity-fingerprint')).toHaveTextContent(
      'SHA256: AbCd EfGh',
    );
    await user.click(within(panel).getByRole('button', { name: 'Save card' }));
    expect(saveTextFile).toHaveBeenCalledWith(ownCard.fileName, ownCard.card, 'application/json');
    await user.click(within(panel).getByRole('button', { name: 'Copy your fingerprint' }));
    expect(await screen.findByTestId('toast')).toHaveTextContent('Fingerprint copied.');
  });

  it('lists peers with trust, fingerprint, exchanges, staleness and alarms', async () => {
    const issued = '2026-01-02T10:00:00.000Z';
    setup([
      makePeer({
        lastSent: exchange(4, '2026-02-20T10:00:00.000Z', '2026-03-22T10:00:00.000Z'),
        lastReceived: {
          ...exchange(7, issued, '2026-02-01T10:00:00.000Z'),
          importedAt: '2026-01-02T11:00:00.000Z',
        },
        stale: true,
        alarms: 2,
      }),
      makePeer({
        nodeId: globexNode,
        organisation: 'Globex',
        operator: 'Hedy Lamarr',
        fingerprint: 'SHA256:Zz9yXx8wVv7uTt6sRr5qQp4oOn3mMl2kKj1iIh0gGf9',
        relationship: 'colleague',
        tier: null,
        roles: ['lead'],
        governs: true,
        status: 'revoked',
        revokedAt: '2026-02-01T10:00:00.000Z',
        revokeReason: 'Left the group',
      }),
    ]);
    const rows = await screen.findAllByTestId('peer-row');
    expect(rows).toHaveLength(2);
    const [acme, globex] = rows as [HTMLElement, HTMLElement];

    expect(within(acme).getByRole('link', { name: 'Acme' })).toHaveAttribute(
      'href',
      expect.stringContaining('/partners/'),
    );
    expect(acme).toHaveTextContent('Partner · standard');
    expect(acme).toHaveTextContent('Trusted');
    expect(acme).toHaveTextContent('SHA256:Qx8mW3kPz7vN');
    expect(acme).toHaveTextContent('v4');
    expect(acme).toHaveTextContent('v7');
    expect(within(acme).getByTestId('stale-badge')).toHaveTextContent(
      `stale — as of ${formatAsOf(issued)}`,
    );
    expect(acme).toHaveTextContent('2 alarms');
    expect(
      within(acme).getByRole('button', { name: 'Copy the fingerprint of Acme' }),
    ).toBeInTheDocument();

    expect(globex).toHaveTextContent('Colleague · Governance lead');
    expect(globex).toHaveTextContent('Governs this node');
    expect(globex).toHaveTextContent('Revoked');
    expect(globex).toHaveTextContent('Never');
    expect(within(globex).queryByTestId('stale-badge')).not.toBeInTheDocument();
    expect(globex).toHaveTextContent('None');
  });

  it('imports a snapshot file and shows what it changed, or why it was refused', async () => {
    const user = userEvent.setup();
    const { transport, backend } = setup();
    await screen.findAllByTestId('peer-row');
    await user.keyboard('i');
    const dialog = await screen.findByRole('dialog', { name: 'Import a snapshot' });
    await user.upload(
      within(dialog).getByTestId('snapshot-file'),
      new File([new Uint8Array([0x1f, 0x8b, 1, 2, 3])], 'acme-v3.snapshot'),
    );
    expect(await within(dialog).findByTestId('snapshot-diff')).toHaveTextContent(
      '2 added · 1 changed · 0 removed',
    );
    expect(dialog).toHaveTextContent('Imported snapshot 3 from Acme');
    expect(transport.callsTo('sync.importBundle')).toEqual([{ bundleBase64: 'H4sBAgM=' }]);

    backend.importAnswer = {
      ok: false,
      error: {
        code: 'SNAPSHOT_BAD_SIGNATURE',
        message: "The snapshot's signature does not verify with the key pinned for Acme.",
      },
    };
    await user.upload(
      within(dialog).getByTestId('snapshot-file'),
      new File([new Uint8Array([9, 9])], 'tampered.snapshot'),
    );
    const refusal = await within(dialog).findByTestId('snapshot-refusal');
    expect(refusal).toHaveTextContent(/signature does not verify/);
    expect(refusal).toHaveTextContent('SNAPSHOT_BAD_SIGNATURE');
    expect(dialog).toHaveTextContent('tampered.snapshot was refused; nothing was imported');

    // An empty file never reaches main.
    await user.upload(within(dialog).getByTestId('snapshot-file'), new File([], 'empty.snapshot'));
    expect(await within(dialog).findByTestId('snapshot-refusal')).toHaveTextContent(
      'empty.snapshot is empty',
    );
    await waitFor(() => {
      expect(transport.callsTo('sync.importBundle')).toHaveLength(2);
    });
  });
});
