import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { saveTextFile } from '../../ui/save-file';
import { ada, alan, draftV2, FakeCharterBackend, grace, publishedV1 } from './charter-fake-backend';

vi.mock('../../ui/save-file', () => ({ saveTextFile: vi.fn(), copyText: vi.fn() }));

function setup(
  options: ConstructorParameters<typeof FakeCharterBackend>[1] = {},
  path = '/charter',
) {
  const transport = new FakeTransport();
  const backend = new FakeCharterBackend(transport, options);
  const app = renderApp(path, transport);
  return { transport, backend, ...app };
}

function versionHeader(): HTMLElement {
  return screen.getByTestId('charter-version');
}

async function statusIs(label: string): Promise<void> {
  await waitFor(() => {
    const heading = screen.getByRole('heading', { level: 2, name: /^Version \d+$/ });
    expect(heading.parentElement).toHaveTextContent(label);
  });
}

const lifecycleChannels = ['charter.submit', 'charter.approve', 'charter.publish'];

describe('Charter lifecycle', () => {
  it('submits, approves and publishes, confirming the publication first', async () => {
    const user = userEvent.setup();
    // Grace did not write version 2, so she may approve it.
    const { transport } = setup({ actor: grace });
    await screen.findByLabelText('Title');

    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    await statusIs('In review');
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const approve = await screen.findByRole('dialog', { name: 'Approve version 2?' });
    await user.type(within(approve).getByLabelText(/Note/), 'Matches what the partners agreed.');
    await user.click(within(approve).getByRole('button', { name: 'Approve version 2' }));
    await statusIs('Approved');
    expect(within(versionHeader()).getByText(/Matches what the partners agreed/)).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Publish' }));
    const publish = await screen.findByRole('alertdialog', { name: 'Publish version 2?' });
    expect(publish).toHaveTextContent(/becomes the binding charter/);
    expect(publish).toHaveTextContent(/immutable/);
    expect(publish).toHaveTextContent(/supersedes version 1/);
    // The safe choice has focus; Esc would cancel.
    expect(within(publish).getByRole('button', { name: 'Not yet' })).toHaveFocus();
    await user.click(within(publish).getByRole('button', { name: 'Publish version 2' }));
    await statusIs('Published');

    expect(
      transport.calls
        .filter((call) => lifecycleChannels.includes(call.channel))
        .map((call) => [call.channel, call.input]),
    ).toEqual([
      ['charter.submit', { version: 2, expectedRevision: 4 }],
      [
        'charter.approve',
        {
          version: 2,
          expectedRevision: 4,
          note: 'Matches what the partners agreed.',
          remediations: [],
        },
      ],
      ['charter.publish', { version: 2, expectedRevision: 4 }],
    ]);
    const compare = await screen.findByRole('link', { name: 'Compare with version 1' });
    expect(compare).toHaveAttribute('href', '/charter/compare?from=1&to=2');
    expect(screen.getByRole('button', { name: 'Export ODRL' })).toBeEnabled();
  });

  it('disables Approve for the author when the workspace needs a separate approver', async () => {
    setup({ actor: ada, versions: [publishedV1(), draftV2({ status: 'in_review' })] });
    const approve = await screen.findByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    expect(approve).toHaveAccessibleDescription(
      /a lead who did not write version 2 must approve it; you edited it\. Ask Grace Hopper to approve it\./,
    );
    // Returning it stays possible.
    expect(screen.getByRole('button', { name: 'Return to draft' })).toBeEnabled();
  });

  it('lets the author approve when the workspace has a single lead', async () => {
    setup({
      actor: ada,
      leads: [ada.name],
      versions: [publishedV1(), draftV2({ status: 'in_review' })],
    });
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('asks for a reason before returning a version to draft', async () => {
    const user = userEvent.setup();
    const { transport } = setup({
      actor: grace,
      versions: [publishedV1(), draftV2({ status: 'in_review' })],
    });
    await user.click(await screen.findByRole('button', { name: 'Return to draft' }));
    const dialog = await screen.findByRole('dialog', { name: 'Return version 2 to draft?' });
    await user.click(within(dialog).getByRole('button', { name: 'Return version 2 to draft' }));
    expect(within(dialog).getByText('Say what needs to change')).toBeVisible();
    expect(transport.callsTo('charter.return')).toHaveLength(0);

    await user.type(
      within(dialog).getByLabelText('Reason'),
      'Retention for personal data is too long.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Return version 2 to draft' }));
    await statusIs('Draft');
    expect(transport.callsTo('charter.return')).toEqual([
      { version: 2, expectedRevision: 4, reason: 'Retention for personal data is too long.' },
    ]);
    expect(screen.getByText('Returned to draft by Grace Hopper')).toBeVisible();
    expect(screen.getByText(/Retention for personal data is too long\./)).toBeVisible();
  });

  it('shows a published version read-only and starts the next draft from it', async () => {
    const user = userEvent.setup();
    const { transport } = setup({ versions: [publishedV1()] });
    const title = await screen.findByLabelText('Title');
    expect(title).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add clause' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New draft from version 1' }));
    expect(await screen.findByRole('heading', { name: 'Version 2' })).toBeInTheDocument();
    expect(transport.callsTo('charter.createDraft')).toEqual([{ basedOn: 1 }]);
    await statusIs('Draft');
    expect(screen.getByLabelText('Title')).toBeEnabled();
  });

  it('shows a refused save or step in a banner with the server’s message', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await user.type(await screen.findByLabelText('Title'), '!');
    transport.failNext('charter.saveDraft', {
      code: 'CONFLICT',
      message: 'Grace Hopper saved version 2 (revision 5) after you loaded it.',
    });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This version changed since you loaded it')).toBeVisible();
    expect(screen.getByText(/Grace Hopper saved version 2 \(revision 5\)/)).toBeVisible();
    // The edits are kept.
    expect(screen.getByLabelText('Title')).toHaveValue('Data-sharing charter!');

    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    });

    transport.failNext('charter.submit', {
      code: 'FORBIDDEN_ROLE',
      message: 'Submitting needs the Governance lead role; Ada Lovelace holds: Data steward.',
    });
    await user.click(screen.getByRole('button', { name: 'Submit for review' }));
    expect(await screen.findByText('Your roles do not allow this')).toBeVisible();
    expect(screen.getByText(/Ada Lovelace holds: Data steward/)).toBeVisible();
    expect(screen.getByText('FORBIDDEN_ROLE')).toBeVisible();
  });

  it('keeps a member without the lead role from editing, and says why', async () => {
    setup({ actor: alan });
    expect(await screen.findByLabelText('Title')).toBeDisabled();
    expect(screen.getByText('You can read this draft but not change it')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Submit for review' })).toHaveAccessibleDescription(
      /Only a governance lead can change the charter; Alan Turing acts as Auditor\./,
    );
  });

  it('exports a published version as ODRL', async () => {
    const user = userEvent.setup();
    vi.mocked(saveTextFile).mockClear();
    setup({ versions: [publishedV1(), draftV2()] }, '/charter?version=1');
    await user.click(await screen.findByRole('button', { name: 'Export ODRL' }));
    await waitFor(() => {
      expect(saveTextFile).toHaveBeenCalledWith(
        'charter-v1.odrl.jsonld',
        '{"@context":"http://www.w3.org/ns/odrl.jsonld"}',
        'application/ld+json',
      );
    });
    // Version 2 is open, so no new draft is offered from version 1.
    expect(screen.queryByRole('button', { name: /New draft/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Version 2 is being worked on.' })).toBeVisible();
  });

  it('confirms before discarding the draft and then shows the governing version', async () => {
    const user = userEvent.setup();
    const { transport, router } = setup();
    await user.type(await screen.findByLabelText('Title'), ' (edited)');
    await user.click(screen.getByRole('button', { name: 'Discard draft' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard draft version 2?' });
    expect(dialog).toHaveTextContent(/your unsaved changes/);
    await user.click(within(dialog).getByRole('button', { name: 'Discard version 2' }));

    await waitFor(() => {
      expect(router.state.location.search).toBe('?version=1');
    });
    expect(transport.callsTo('charter.discard')).toEqual([{ version: 2, expectedRevision: 4 }]);
    // No second question about the unsaved edits: discarding was the answer.
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Version 1' })).toBeInTheDocument();
  });

  it('explains an old workspace without any charter version', async () => {
    setup({ versions: [] });
    expect(await screen.findByText('This workspace has no charter yet')).toBeVisible();
    expect(screen.getByText(/created before charters were kept in the workspace/)).toBeVisible();
    expect(screen.queryByRole('button', { name: /New draft/ })).not.toBeInTheDocument();
  });
});
