import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport, makeDataset, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { acmeNode, makePeer } from '../partners/partners-fake-backend';
import { formatAsOf } from '../partners/replica-badge';

const issuedAt = '2026-02-20T10:00:00.000Z';

/** This node's own dataset and one Acme's last snapshot carried. */
function replicaTransport(): FakeTransport {
  const transport = new FakeTransport({
    datasets: [
      makeDataset({ identifier: 'beds.capacity', title: 'Bed capacity' }),
      makeDataset({ identifier: 'acme.stops', title: 'Acme stops', ownerNode: acmeNode }),
    ],
  });
  transport.respond('sync.peers', () =>
    ok([
      makePeer({
        lastReceived: {
          version: 3,
          digest: 'ab'.repeat(32),
          issuedAt,
          expiresAt: '2099-01-01T00:00:00.000Z',
          importedAt: issuedAt,
        },
      }),
    ]),
  );
  return transport;
}

describe('replicas in the catalog', () => {
  it('marks the datasets another node owns with where they are from and as of when', async () => {
    renderApp('/catalog', replicaTransport());
    const rows = await screen.findAllByTestId('catalog-row');
    const acme = rows.find((row) => row.getAttribute('data-identifier') === 'acme.stops');
    const own = rows.find((row) => row.getAttribute('data-identifier') === 'beds.capacity');
    expect(await within(acme as HTMLElement).findByText('From Acme')).toBeInTheDocument();
    expect(acme).toHaveTextContent(`as of ${formatAsOf(issuedAt)}`);
    expect(within(own as HTMLElement).queryByTestId('catalog-replica')).toBeNull();
  });

  it('shows a replica’s page read-only, saying who owns it', async () => {
    renderApp('/catalog/ds-acme.stops', replicaTransport());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Acme stops' }),
    ).toBeInTheDocument();
    const save = screen.getByRole('button', { name: 'Save dataset' });
    expect(save).toBeDisabled();
    expect(await screen.findByText(/From Acme · as of/)).toBeInTheDocument();
    expect(save).toHaveAttribute('title', 'Owned by Acme; only its owner changes it.');
    expect(screen.getByLabelText('Title')).toBeDisabled();
  });

  it('leaves this node’s own datasets editable', async () => {
    renderApp('/catalog/ds-beds.capacity', replicaTransport());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Bed capacity' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save dataset' })).toBeEnabled();
    expect(screen.getByLabelText('Title')).toBeEnabled();
  });
});
