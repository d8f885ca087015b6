import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { checkFingerprint, groupFingerprint } from './fingerprint';
import {
  acmeCardText,
  acmeFingerprint,
  acmeNode,
  FakePartnersBackend,
} from './partners-fake-backend';

vi.mock('../../ui/save-file', () => ({
  saveTextFile: vi.fn(),
  saveBytesFile: vi.fn(),
  copyText: vi.fn(() => Promise.resolve(true)),
}));

function setup() {
  const transport = new FakeTransport();
  const backend = new FakePartnersBackend(transport);
  renderApp('/partners', transport);
  return { transport, backend };
}

async function openWithCard(user: ReturnType<typeof userEvent.setup>) {
  const [add] = await screen.findAllByRole('button', { name: /Add peer/ });
  await user.click(add as HTMLElement);
  const dialog = await screen.findByRole('dialog', { name: 'Add a peer' });
  await user.click(within(dialog).getByLabelText('Identity card'));
  await user.paste(acmeCardText);
  await user.click(within(dialog).getByRole('button', { name: 'Read card' }));
  await within(dialog).findByTestId('peer-card-preview');
  return dialog;
}

describe('checkFingerprint', () => {
  it('matches the whole fingerprint or a leading part of at least 8 characters', () => {
    expect(checkFingerprint(acmeFingerprint, '')).toBe('empty');
    expect(checkFingerprint(acmeFingerprint, 'SHA2')).toBe('short');
    expect(checkFingerprint(acmeFingerprint, 'Qx8mW3k')).toBe('short');
    expect(checkFingerprint(acmeFingerprint, 'Qx8mW3kP')).toBe('match');
    expect(checkFingerprint(acmeFingerprint, acmeFingerprint)).toBe('match');
    // Read aloud in groups and typed as heard.
    expect(checkFingerprint(acmeFingerprint, groupFingerprint(acmeFingerprint))).toBe('match');
    expect(checkFingerprint(acmeFingerprint, 'qx8mw3kp')).toBe('mismatch');
    expect(checkFingerprint(acmeFingerprint, `${acmeFingerprint}x`)).toBe('mismatch');
  });
});

describe('the add-peer dialog', () => {
  it('shows who the card names and adds the peer only once the compared fingerprint matches', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    expect(await screen.findByText('No peers yet')).toBeInTheDocument();
    const dialog = await openWithCard(user);

    const preview = within(dialog).getByTestId('peer-card-preview');
    expect(preview).toHaveTextContent('Acme');
    expect(preview).toHaveTextContent('Grace Hopper');
    expect(preview).toHaveTextContent(acmeNode);
    expect(within(dialog).getByTestId('peer-card-fingerprint')).toHaveTextContent(
      groupFingerprint(acmeFingerprint),
    );

    const add = within(dialog).getByTestId('peer-add-submit');
    const field = within(dialog).getByTestId('peer-fingerprint');
    expect(field).toHaveFocus();
    expect(add).toBeDisabled();

    await user.type(field, 'SHA256:Qx8mW3kPzz');
    expect(within(dialog).getByTestId('peer-fingerprint-check')).toHaveTextContent(
      /does not match the card’s key/,
    );
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(add).toBeDisabled();

    await user.clear(field);
    await user.type(field, 'Qx8m W3k');
    expect(within(dialog).getByTestId('peer-fingerprint-check')).toHaveAttribute(
      'data-check',
      'short',
    );
    expect(add).toBeDisabled();

    await user.type(field, 'P z7vN');
    expect(within(dialog).getByTestId('peer-fingerprint-check')).toHaveTextContent(
      'Matches the card’s key.',
    );
    expect(add).toBeEnabled();
    expect(transport.callsTo('sync.addPeer')).toEqual([]);

    await user.selectOptions(within(dialog).getByTestId('peer-tier'), '');
    await user.click(add);
    await waitFor(() => {
      expect(transport.callsTo('sync.addPeer')).toEqual([
        {
          card: acmeCardText,
          fingerprint: 'Qx8mW3kPz7vN',
          terms: { relationship: 'partner', tier: null },
        },
      ]);
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByTestId('toast')).toHaveTextContent('Acme is now a trusted peer.');
    const rows = await screen.findAllByTestId('peer-row');
    expect(rows).toHaveLength(1);
  });

  it('reads a card from its file, and shows why an unreadable card or a refusal was refused', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    const [add] = await screen.findAllByRole('button', { name: /Add peer/ });
    await user.click(add as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Add a peer' });

    await user.upload(
      within(dialog).getByTestId('peer-card-file'),
      new File(['not a card'], 'acme.json', { type: 'application/json' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /not a valid identity card.*CARD_INVALID/,
    );
    expect(within(dialog).queryByTestId('peer-card-preview')).not.toBeInTheDocument();

    await user.upload(
      within(dialog).getByTestId('peer-card-file'),
      new File([acmeCardText], 'acme.json', { type: 'application/json' }),
    );
    await within(dialog).findByTestId('peer-card-preview');
    expect(transport.callsTo('sync.readCard').at(-1)).toEqual({ card: acmeCardText });

    // Main decides again: a refusal is shown with its message and code.
    transport.failNext('sync.addPeer', {
      code: 'DUPLICATE',
      message: 'Acme (SHA256:Qx8m…) is already a peer.',
    });
    await user.type(within(dialog).getByTestId('peer-fingerprint'), acmeFingerprint);
    await user.click(within(dialog).getByTestId('peer-add-submit'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/already a peer.*DUPLICATE/);
    expect(screen.getByRole('dialog', { name: 'Add a peer' })).toBeInTheDocument();
  });

  it('offers a colleague’s roles and governance for a card from this organisation’s own nodes', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    const dialog = await openWithCard(user);
    await user.click(within(dialog).getByRole('radio', { name: /Colleague node/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Governance lead' }));
    await user.click(within(dialog).getByRole('checkbox', { name: /governs this node/ }));
    await user.type(within(dialog).getByTestId('peer-fingerprint'), acmeFingerprint);
    await user.click(within(dialog).getByTestId('peer-add-submit'));
    await waitFor(() => {
      expect(transport.callsTo('sync.addPeer')).toEqual([
        expect.objectContaining({
          terms: { relationship: 'colleague', roles: ['lead'], governs: true },
        }),
      ]);
    });
  });

  it('is not offered to a member whose roles cannot add peers', async () => {
    const transport = new FakeTransport();
    new FakePartnersBackend(transport);
    if (transport.status.state === 'open') {
      transport.status = {
        ...transport.status,
        actor: { ...transport.status.actor, roles: ['viewer'] },
      };
    }
    renderApp('/partners', transport);
    const [add] = await screen.findAllByRole('button', { name: /Add peer/ });
    expect(add).toBeDisabled();
    expect(add).toHaveAttribute('title', expect.stringMatching(/Adding a peer needs/));
  });
});
