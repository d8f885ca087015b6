import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { FakeCharterBackend, templateContent } from './charter-fake-backend';

function setup() {
  const transport = new FakeTransport();
  const backend = new FakeCharterBackend(transport);
  const app = renderApp('/charter', transport);
  return { transport, backend, ...app };
}

async function openSection(user: ReturnType<typeof userEvent.setup>, name: string) {
  const nav = screen.getByRole('navigation', { name: 'Charter sections' });
  await user.click(within(nav).getByRole('button', { name }));
}

describe('Charter editor', () => {
  it('saves the edited draft with the revision it was loaded at', async () => {
    const user = userEvent.setup();
    const { transport } = setup();

    const title = await screen.findByLabelText('Title');
    expect(screen.getByRole('heading', { name: 'Version 2' })).toBeInTheDocument();
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    await user.clear(title);
    await user.type(title, 'Charter 2027');

    // What the e2e does: a category's maximum for one tier, and a clause's text.
    await openSection(user, 'Categories');
    await user.click(screen.getByRole('button', { name: 'Commercial data' }));
    await user.selectOptions(screen.getByLabelText('Max access for Standard'), 'Read');
    await openSection(user, 'Clauses');
    const clause = screen.getByRole('group', { name: /Least privilege/ });
    const text = within(clause).getByLabelText('Text');
    await user.clear(text);
    await user.type(text, 'Grants give the least access that does the job.');

    expect(screen.getByText(/Unsaved changes/)).toBeInTheDocument();
    await user.click(save);

    await waitFor(() => {
      expect(transport.callsTo('charter.saveDraft')).toHaveLength(1);
    });
    const [commercial] = templateContent.categories.filter((c) => c.id === 'commercial');
    expect(transport.callsTo('charter.saveDraft')[0]).toEqual({
      version: 2,
      expectedRevision: 4,
      content: {
        ...templateContent,
        title: 'Charter 2027',
        categories: templateContent.categories.map((category) =>
          category.id === 'commercial'
            ? { ...commercial, maxAccess: { ...commercial!.maxAccess, standard: 'read' } }
            : category,
        ),
        clauses: templateContent.clauses.map((item) =>
          item.id === 'least-privilege'
            ? { ...item, text: 'Grants give the least access that does the job.' }
            : item,
        ),
      },
    });
    expect(await screen.findByText('Version 2 saved.')).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    });
    expect(screen.queryByText(/Unsaved changes/)).not.toBeInTheDocument();

    // Ctrl+S saves again, against the revision the first save produced.
    await openSection(user, 'General');
    await user.type(screen.getByLabelText('Title'), '!');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => {
      expect(transport.callsTo('charter.saveDraft')).toHaveLength(2);
    });
    expect(transport.callsTo('charter.saveDraft')[1]).toMatchObject({
      expectedRevision: 5,
      content: { title: 'Charter 2027!' },
    });
  });

  it('shows field and cross-field errors inline and marks their sections', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await screen.findByLabelText('Title');

    await openSection(user, 'Categories');
    await user.click(screen.getByRole('button', { name: 'Commercial data' }));
    const detail = screen.getByRole('group', { name: 'Category details' });
    await user.clear(within(detail).getByLabelText('Name'));
    expect(await within(detail).findByText('Give it a name')).toBeInTheDocument();
    expect(within(detail).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    const nav = screen.getByRole('navigation', { name: 'Charter sections' });
    expect(within(nav).getByRole('button', { name: 'Categories' })).toHaveAccessibleDescription(
      '1 problem',
    );

    // Removing a level that categories use leaves them pointing at nothing: the cross-field
    // rule reports it on categories.2.maxAccess.standard, a field nobody touched.
    await openSection(user, 'Access levels');
    await user.click(screen.getByRole('button', { name: 'Remove Aggregate' }));
    const confirm = await screen.findByRole('alertdialog', {
      name: 'Remove access level “Aggregate”?',
    });
    expect(confirm).toHaveTextContent('3 categories refer to it.');
    await user.click(within(confirm).getByRole('button', { name: 'Remove access level' }));
    await openSection(user, 'Categories');
    await user.click(screen.getByRole('button', { name: /Untitled category 3/ }));
    const standard = await screen.findByLabelText('Max access for Standard');
    await waitFor(() => {
      expect(standard).toHaveAccessibleDescription('"aggregate" is not an access level');
    });
    expect(within(nav).getByRole('button', { name: 'Categories' })).toHaveAccessibleDescription(
      '4 problems',
    );

    // Saving is refused locally and opens the first problem.
    await openSection(user, 'General');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The draft was not saved')).toBeInTheDocument();
    expect(transport.callsTo('charter.saveDraft')).toHaveLength(0);
    expect(screen.getByRole('heading', { name: 'Categories' })).toBeInTheDocument();
  });

  it('checks the review date against the effective date', async () => {
    const user = userEvent.setup();
    setup();
    const next = await screen.findByLabelText('Next review');
    await user.clear(next);
    await user.type(next, '2025-06-01');
    await waitFor(() => {
      expect(next).toHaveAccessibleDescription(
        /The next review must come after the effective date/,
      );
    });
  });

  it('asks before unsaved edits are lost by opening another version or leaving', async () => {
    const user = userEvent.setup();
    const { router } = setup();
    await user.type(await screen.findByLabelText('Title'), ' (edited)');

    const history = screen.getByRole('navigation', { name: 'Version history' });
    await user.click(within(history).getByRole('link', { name: /Version 1/ }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' });
    expect(within(dialog).getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(dialog).not.toBeInTheDocument();
    expect(router.state.location.search).toBe('');
    expect(screen.getByLabelText('Title')).toHaveValue('Data-sharing charter (edited)');

    await user.click(screen.getByTestId('nav-catalog'));
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/catalog');
    });
  });

  it('adds, names and reorders list items, and asks each category about a new tier', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await screen.findByLabelText('Title');

    await openSection(user, 'Partner tiers');
    await user.click(screen.getByRole('button', { name: 'Add partner tier' }));
    const added = screen.getByRole('group', { name: /partner tier 4/ });
    await user.type(within(added).getByLabelText('Name'), 'Premium partner');
    await user.tab();
    // The id follows the name until someone types one.
    expect(within(added).getByLabelText('Id')).toHaveValue('premium-partner');
    await user.click(screen.getByRole('button', { name: 'Move Premium partner up' }));

    // Every category now needs a level for the new tier.
    await openSection(user, 'Categories');
    const premium = await screen.findByLabelText('Max access for Premium partner');
    await waitFor(() => {
      expect(premium).toHaveAccessibleDescription(
        'Set the maximum level for tier "premium-partner"',
      );
    });
    await user.selectOptions(premium, 'Aggregate');
    for (const name of ['Operational data', 'Commercial data', 'Personal data']) {
      await user.click(screen.getByRole('button', { name }));
      await user.selectOptions(screen.getByLabelText('Max access for Premium partner'), 'None');
    }
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => {
      expect(transport.callsTo('charter.saveDraft')).toHaveLength(1);
    });
    const saved = transport.callsTo('charter.saveDraft')[0] as {
      content: typeof templateContent;
    };
    expect(saved.content.partnerTiers.map((tier) => tier.id)).toEqual([
      'pilot',
      'standard',
      'premium-partner',
      'strategic',
    ]);
    expect(saved.content.categories[0]!.maxAccess['premium-partner']).toBe('aggregate');
  });

  it('keeps the focus in the field being edited when Ctrl+S saves', async () => {
    const user = userEvent.setup();
    const { transport } = setup();
    await screen.findByLabelText('Title');
    await openSection(user, 'Categories');
    await user.click(screen.getByRole('button', { name: 'Personal data' }));
    const owner = screen.getByLabelText('Owner');
    await user.click(owner);
    await user.type(owner, ' team');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => {
      expect(transport.callsTo('charter.saveDraft')).toHaveLength(1);
    });
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    });
    expect(screen.getByLabelText('Owner')).toHaveFocus();
    expect(screen.getByLabelText('Owner')).toBe(owner);
  });

  it('keeps edits when the draft changes elsewhere, and loads the latest on request', async () => {
    const user = userEvent.setup();
    const { transport, backend } = setup();
    await user.type(await screen.findByLabelText('Title'), ' (mine)');

    // Someone else saves version 2; main says the charter changed.
    const theirs = backend.find(2)!;
    backend.versions = backend.versions.map((version) =>
      version.version === 2
        ? {
            ...theirs,
            revision: 5,
            editors: [...theirs.editors, 'Grace Hopper'],
            content: { ...theirs.content, title: 'Charter (theirs)' },
          }
        : version,
    );
    act(() => {
      transport.emit({ name: 'workspace.changed', payload: { entity: 'charter', ids: [] } });
    });
    expect(await screen.findByText('Version 2 was changed elsewhere')).toBeVisible();
    expect(screen.getByLabelText('Title')).toHaveValue('Data-sharing charter (mine)');

    // Saving against the old revision is refused by main, and says so.
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This version changed since you loaded it')).toBeVisible();
    expect(transport.callsTo('charter.saveDraft')[0]).toMatchObject({ expectedRevision: 4 });

    await user.click(screen.getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => {
      expect(screen.getByLabelText('Title')).toHaveValue('Charter (theirs)');
    });
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });
});
