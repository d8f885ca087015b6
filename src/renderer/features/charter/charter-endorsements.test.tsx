import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { alan, FakeCharterBackend } from './charter-fake-backend';

function setup(actor?: typeof alan) {
  const transport = new FakeTransport();
  new FakeCharterBackend(transport, actor ? { actor } : {});
  transport.respond('sync.endorsements', () =>
    ok({
      publishedVersion: 2,
      partners: [
        {
          peer: '3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab',
          organisation: 'Acme',
          endorsedVersion: 2,
          endorsedAt: '2026-02-02T09:00:00.000Z',
          current: true,
        },
        {
          peer: '0b7e2f10-55aa-4c11-8d22-33445566778a',
          organisation: 'Globex',
          endorsedVersion: 1,
          endorsedAt: '2025-07-01T09:00:00.000Z',
          current: false,
        },
        {
          peer: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
          organisation: 'Initech',
          endorsedVersion: null,
          endorsedAt: null,
          current: false,
        },
      ],
    }),
  );
  renderApp('/charter', transport);
  return transport;
}

describe('endorsements on the charter screen', () => {
  it('shows the lead which version each partner endorsed', async () => {
    setup();
    const panel = await screen.findByTestId('charter-endorsements');
    const items = await within(panel).findAllByTestId('charter-endorsement');
    expect(items.map((item) => item.textContent)).toEqual([
      'Acmev2 · current',
      'Globexoperates under v1',
      'InitechNot endorsed yet',
    ]);
    expect(within(panel).getByRole('link', { name: 'Acme' })).toHaveAttribute(
      'href',
      '/partners/3f0c5a9e-8b1d-4c2e-9f3a-0123456789ab',
    );
  });

  it('is the lead’s: an auditor does not see it', async () => {
    setup(alan);
    await screen.findByTestId('charter-version');
    expect(screen.queryByTestId('charter-endorsements')).toBeNull();
  });
});
