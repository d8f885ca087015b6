import { act, screen, waitFor } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { withCharter } from './catalog-fixtures';

async function fillRequired(user: UserEvent, identifier: string, title: string): Promise<void> {
  await user.type(await screen.findByLabelText('Identifier'), identifier);
  await user.type(screen.getByLabelText('Title'), title);
  await user.selectOptions(
    screen.getByLabelText('Category'),
    await screen.findByRole('option', { name: 'Operational data — internal' }),
  );
}

describe('dataset form', () => {
  it('shows the schema error for an invalid identifier and does not call main', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    renderApp('/catalog/new', transport);

    await fillRequired(user, 'Bad ID!', 'Admissions');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    expect(
      await screen.findByText(/Use lower-case letters, digits, dots, dashes and underscores/),
    ).toBeInTheDocument();
    const identifier = screen.getByLabelText('Identifier');
    expect(identifier).toHaveAttribute('aria-invalid', 'true');
    expect(identifier).toHaveAccessibleDescription(/Use lower-case letters/);
    expect(identifier).toHaveFocus();
    expect(transport.callsTo('catalog.create')).toEqual([]);
  });

  it('creates a dataset with tags and formats, then returns to the list with a toast', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    const { router } = renderApp('/catalog/new', transport);

    await fillRequired(user, 'patients.admissions', 'Hospital admissions');
    await user.type(screen.getByLabelText('Description'), 'Daily admissions by ward.');
    await user.selectOptions(screen.getByLabelText('Sensitivity'), 'Confidential');
    await user.type(screen.getByLabelText('Formats'), 'csv,parquet,');
    await user.type(screen.getByLabelText('Tags'), 'clinical{Enter}daily{Enter}oops{Enter}');
    // Backspace on the empty field removes the last tag; a chip's button removes its own.
    await user.type(screen.getByLabelText('Tags'), '{Backspace}');
    await user.click(screen.getByRole('button', { name: 'Remove tag daily' }));
    // Leaving the field keeps what was typed.
    await user.type(screen.getByLabelText('Tags'), 'weekly');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    expect(await screen.findByTestId('toast')).toHaveTextContent('Dataset saved');
    expect(router.state.location.pathname).toBe('/catalog');
    expect(transport.callsTo('catalog.create')).toEqual([
      {
        draft: {
          identifier: 'patients.admissions',
          title: 'Hospital admissions',
          description: 'Daily admissions by ward.',
          category: 'operational',
          holder: 'Northwind Health',
          sensitivity: 'confidential',
          status: 'active',
          steward: '',
          // The category's retention filled the empty field; daily is one of its cadences.
          cadence: { kind: 'periodic', interval: 'daily' },
          retention: 'P2Y',
          distributions: [],
          schemaFields: [],
          pushers: [],
          formats: ['csv', 'parquet'],
          tags: ['clinical', 'weekly'],
        },
      },
    ]);
    expect(await screen.findByTestId('catalog-row')).toHaveAttribute(
      'data-identifier',
      'patients.admissions',
    );
  });

  it('shows a DUPLICATE refusal from main in the banner', async () => {
    const user = userEvent.setup();
    const transport = withCharter([{ identifier: 'patients.admissions' }]);
    const { router } = renderApp('/catalog/new', transport);

    await fillRequired(user, 'patients.admissions', 'Again');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('This dataset already exists');
    expect(banner).toHaveTextContent(
      'A dataset with identifier patients.admissions already exists.',
    );
    expect(banner).toHaveTextContent('DUPLICATE');
    expect(router.state.location.pathname).toBe('/catalog/new');
    expect(screen.getByRole('button', { name: 'Save dataset' })).toBeEnabled();
  });

  it('puts issues main reports onto their fields', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    transport.failNext('catalog.create', {
      code: 'INVALID_INPUT',
      message: 'The dataset is not valid.',
      issues: [
        { path: 'draft.title', message: 'Title is reserved' },
        { path: 'draft.tags.1', message: 'Tag is not allowed' },
        { path: 'draft', message: 'Something about the whole draft' },
      ],
    });
    renderApp('/catalog/new', transport);

    await fillRequired(user, 'beds', 'Beds');
    await user.type(screen.getByLabelText('Tags'), 'a{Enter}b{Enter}');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    expect(await screen.findByText('Title is reserved')).toBeInTheDocument();
    expect(screen.getByLabelText('Title')).toHaveFocus();
    expect(screen.getByText('Tag is not allowed')).toBeInTheDocument();
    expect(screen.getByText('Some fields need attention')).toBeInTheDocument();
    expect(screen.getByText('Something about the whole draft')).toBeInTheDocument();
  });

  it('edits with the loaded version and shows the record metadata', async () => {
    const user = userEvent.setup();
    const transport = withCharter([{ identifier: 'beds', title: 'Beds', version: 3 }]);
    const { router } = renderApp('/catalog/ds-beds', transport);

    const title = await screen.findByLabelText('Title');
    expect(title).toHaveValue('Beds');
    expect(screen.getByText('Owner node')).toBeInTheDocument();
    await user.clear(title);
    await user.type(title, 'Bed capacity');
    await user.keyboard('{Control>}s{/Control}');

    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/catalog');
    });
    expect(transport.callsTo('catalog.update')).toMatchObject([
      { id: 'ds-beds', expectedVersion: 3, draft: { title: 'Bed capacity' } },
    ]);
    expect(await screen.findByText('Bed capacity')).toBeInTheDocument();
  });

  it('offers to reload after a CONFLICT', async () => {
    const user = userEvent.setup();
    const transport = withCharter([{ identifier: 'beds', title: 'Beds' }]);
    renderApp('/catalog/ds-beds', transport);
    const title = await screen.findByLabelText('Title');

    // Someone else saves version 2 while this form still holds version 1.
    transport.datasets[0] = { ...transport.datasets[0]!, title: 'Beds (theirs)', version: 2 };
    await user.type(title, ' (mine)');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    expect(await screen.findByText('This dataset was changed since you opened it')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Load the latest version' }));
    expect(await screen.findByLabelText('Title')).toHaveValue('Beds (theirs)');
  });

  it('asks before leaving with unsaved changes', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    const { router } = renderApp('/catalog/new', transport);

    await user.type(await screen.findByLabelText('Title'), 'Draft');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' });
    expect(screen.getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(dialog).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/catalog/new');

    await act(() => router.navigate('/dashboard'));
    await user.click(await screen.findByRole('button', { name: 'Discard changes' }));
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/dashboard');
    });
  });

  it('leaves a clean form with Esc without asking', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    const { router } = renderApp('/catalog/new', transport);
    await screen.findByTestId('dataset-form');

    await user.keyboard('{Escape}');
    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/catalog');
    });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
