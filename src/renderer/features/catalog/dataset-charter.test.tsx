import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { withCharter } from './catalog-fixtures';

describe('dataset form and the governing charter', () => {
  it('offers the governing charter’s categories with their sensitivity', async () => {
    const transport = withCharter();
    renderApp('/catalog/new', transport);

    const category = await screen.findByLabelText('Category');
    await screen.findByRole('option', { name: 'Personal data — restricted' });
    const names = within(category)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(names).toEqual([
      'Choose a category…',
      'Open reference data — public',
      'Operational data — internal',
      'Commercial data — confidential',
      'Personal data — restricted',
    ]);
    expect(transport.callsTo('charter.governing').length).toBeGreaterThan(0);
    // The holder starts as this node's organisation.
    expect(screen.getByLabelText('Holder')).toHaveValue('Northwind Health');
  });

  it('shows live findings when the cadence is not allowed and the sensitivity is below the category', async () => {
    const user = userEvent.setup();
    renderApp('/catalog/new', withCharter());

    await user.selectOptions(
      await screen.findByLabelText('Category'),
      await screen.findByRole('option', { name: 'Personal data — restricted' }),
    );
    // A new dataset takes the category's retention, sensitivity and an allowed cadence.
    expect(screen.getByLabelText('Retention')).toHaveValue('P90D');
    expect(screen.getByLabelText('Retention')).toHaveAccessibleDescription(/^90 days\./);
    expect(screen.getByLabelText('Sensitivity')).toHaveValue('restricted');
    const panel = screen.getByTestId('charter-findings');
    expect(panel).toHaveTextContent('Meets the rules of charter v1 for Personal data.');

    await user.selectOptions(screen.getByLabelText('Sensitivity'), 'Internal');
    await user.selectOptions(
      screen.getByLabelText('Cadence'),
      screen.getByRole('option', { name: 'Real-time (streaming) — not allowed for Personal data' }),
    );

    expect(panel).toHaveTextContent('Breaks 2 rules of charter v1.');
    const list = within(panel).getByRole('list', { name: 'Charter findings' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(panel).toHaveTextContent(
      'Cadence: Personal data allows daily summaries, weekly summaries; not real-time (streaming).',
    );
    expect(panel).toHaveTextContent(
      'Sensitivity: Personal data is restricted; a dataset in it cannot be internal.',
    );
    // Each finding is also announced with its own field.
    expect(screen.getByLabelText('Cadence')).toHaveAccessibleDescription(/not real-time/);
    expect(screen.getByLabelText('Sensitivity')).toHaveAccessibleDescription(/cannot be internal/);
    expect(screen.getByLabelText('Retention')).not.toHaveAccessibleDescription(/⚠/);

    await user.selectOptions(screen.getByLabelText('Cadence'), 'weekly');
    expect(panel).toHaveTextContent('Breaks 1 rule of charter v1.');
  });

  it('edits distributions, schema fields and pushers from the keyboard', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    renderApp('/catalog/new', transport);

    await user.type(await screen.findByLabelText('Identifier'), 'trips');
    await user.type(screen.getByLabelText('Title'), 'Trips');
    await user.selectOptions(
      screen.getByLabelText('Category'),
      await screen.findByRole('option', { name: 'Operational data — internal' }),
    );

    await user.click(screen.getByRole('button', { name: 'Add distribution' }));
    expect(screen.getByLabelText('Distribution 1 URL')).toHaveFocus();
    await user.keyboard('https://data.example.org/trips.csv');
    await user.type(screen.getByLabelText('Distribution 1 format'), 'CSV');
    await user.click(screen.getByRole('button', { name: 'Add distribution' }));
    await user.selectOptions(screen.getByLabelText('Distribution 2 kind'), 'api');
    await user.type(screen.getByLabelText('Distribution 2 URL'), 'wss://data.example.org/live');

    await user.click(screen.getByRole('button', { name: 'Add field' }));
    expect(screen.getByLabelText('Field 1 name')).toHaveFocus();
    // Enter adds the next field and moves there.
    await user.keyboard('trip_id{Enter}rider{Enter}tmp');
    expect(screen.getByLabelText('Field 3 name')).toHaveFocus();
    await user.click(screen.getByLabelText('Field 2 holds personal data'));
    // Operational data is not a personal-data category: flagged on the row itself.
    expect(screen.getByTestId('finding-schemaFields.1.personalData')).toHaveTextContent(
      'Field "rider" holds personal data',
    );
    await user.click(screen.getByLabelText('Field 2 holds personal data'));
    await user.click(screen.getByRole('button', { name: 'Remove field 3' }));
    // Focus stays in the list, on the row before the removed one.
    expect(screen.getByLabelText('Field 2 name')).toHaveFocus();
    await user.selectOptions(screen.getByLabelText('Field 1 type'), 'integer');

    await user.type(screen.getByLabelText('Who may push updates'), 'Operations{Enter}');
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    await waitFor(() => {
      expect(transport.callsTo('catalog.create')).toHaveLength(1);
    });
    expect(transport.callsTo('catalog.create')[0]).toMatchObject({
      draft: {
        distributions: [
          { kind: 'file', url: 'https://data.example.org/trips.csv', format: 'CSV' },
          { kind: 'api', url: 'wss://data.example.org/live', format: '' },
        ],
        schemaFields: [
          { name: 'trip_id', type: 'integer', personalData: false, classification: 'internal' },
          { name: 'rider', type: 'string', personalData: false, classification: 'internal' },
        ],
        pushers: ['Operations'],
      },
    });
  });

  it('shows main’s refusal of a dataset that breaks the charter', async () => {
    const user = userEvent.setup();
    const transport = withCharter();
    transport.failNext('catalog.create', {
      code: 'CHARTER_VIOLATION',
      message: 'The dataset breaks charter v1.',
      issues: [{ path: 'draft.retention', message: 'Operational data keeps data at most 2 years' }],
    });
    renderApp('/catalog/new', transport);

    await user.type(await screen.findByLabelText('Identifier'), 'beds');
    await user.type(screen.getByLabelText('Title'), 'Beds');
    await user.selectOptions(
      screen.getByLabelText('Category'),
      await screen.findByRole('option', { name: 'Operational data — internal' }),
    );
    await user.click(screen.getByRole('button', { name: 'Save dataset' }));

    const title = await screen.findByText('This dataset breaks the governing charter');
    expect(title.closest('[role="alert"]')).toHaveTextContent('CHARTER_VIOLATION');
    expect(screen.getByLabelText('Retention')).toHaveAccessibleDescription(/at most 2 years/);
  });

  it('says when no charter is published and links to it', async () => {
    const transport = new FakeTransport();
    transport.respond('charter.governing', () => ok({ charter: null }));
    renderApp('/catalog/new', transport);

    const panel = await screen.findByTestId('charter-findings');
    await waitFor(() => {
      expect(panel).toHaveTextContent('No charter is published yet');
    });
    expect(within(panel).getByRole('link', { name: 'open the charter' })).toHaveAttribute(
      'href',
      '/charter',
    );
  });
});

describe('dataset details and the governing charter', () => {
  it('shows the category’s rules and flags what the saved dataset breaks', async () => {
    const transport = withCharter([
      {
        identifier: 'revenue',
        category: 'commercial',
        sensitivity: 'internal',
        cadence: { kind: 'periodic', interval: 'daily' },
      },
    ]);
    renderApp('/catalog/ds-revenue', transport);

    const card = await screen.findByTestId('dataset-governance');
    await waitFor(() => {
      expect(card).toHaveTextContent('Governed by charter v1 — Commercial data');
    });
    expect(card).toHaveTextContent('Breaks 2 charter rules');
    expect(card).toHaveTextContent('Cadence: Commercial data allows monthly summaries');
    expect(card).toHaveTextContent('Sensitivity: Commercial data is confidential');
    const rules = within(card).getByTestId('category-rules');
    expect(rules).toHaveTextContent('Pilot: None');
    expect(rules).toHaveTextContent('Standard: Aggregate');
    expect(rules).toHaveTextContent('Strategic: Read');
    expect(rules).toHaveTextContent('Monthly summaries');
    expect(rules).toHaveTextContent('Using the data to compete for the same contracts.');
    expect(rules).toHaveTextContent('At most 7 years');
    expect(rules).toHaveTextContent('Longest grant1 year');
  });
});
