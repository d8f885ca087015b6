import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CharterDiff } from '../../../shared/domain/charter-diff-schema';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { draftV2, FakeCharterBackend, publishedV1 } from './charter-fake-backend';

const diff: CharterDiff = {
  from: 1,
  to: 2,
  changeCount: 3,
  sections: [
    { section: 'general', title: 'General', changes: [] },
    {
      section: 'categories',
      title: 'Data categories',
      changes: [
        {
          kind: 'changed',
          key: 'commercial',
          label: 'Commercial data',
          details: [
            {
              field: 'maxAccess.standard',
              label: 'Max access (Standard)',
              before: 'Aggregate',
              after: 'Read',
            },
          ],
        },
        {
          kind: 'added',
          key: 'telemetry',
          label: 'Vehicle telemetry',
          details: [
            { field: 'sensitivity', label: 'Sensitivity', before: null, after: 'Internal' },
          ],
        },
      ],
    },
    {
      section: 'clauses',
      title: 'Clauses',
      changes: [{ kind: 'removed', key: 'audit', label: 'Audit', details: [] }],
    },
  ],
};

function setup(path: string, withDiff: CharterDiff | null) {
  const transport = new FakeTransport();
  const backend = new FakeCharterBackend(transport, { versions: [publishedV1(), draftV2()] });
  backend.diff = withDiff;
  return { transport, ...renderApp(path, transport) };
}

describe('Compare versions', () => {
  it('renders added, removed and changed items per section with before → after', async () => {
    const { transport } = setup('/charter/compare?from=1&to=2', diff);

    const diffView = await screen.findByTestId('charter-diff');
    expect(transport.callsTo('charter.diff')).toEqual([{ from: 1, to: 2 }]);
    expect(within(diffView).getByRole('status')).toHaveTextContent(
      '3 changes from version 1 to version 2, in 2 sections.',
    );
    // Sections without changes are left out.
    expect(screen.queryByRole('heading', { name: /^General/ })).not.toBeInTheDocument();

    const categories = screen.getByRole('region', { name: /Data categories/ });
    const [changed, added] = within(categories).getAllByTestId('diff-change');
    expect(changed).toHaveAttribute('data-kind', 'changed');
    expect(within(changed!).getByText('Changed')).toBeVisible();
    const row = within(changed!).getByRole('row', { name: /Max access \(Standard\)/ });
    expect(within(row).getByText('Aggregate').tagName).toBe('DEL');
    expect(within(row).getByText('Read').tagName).toBe('INS');
    expect(added).toHaveAttribute('data-kind', 'added');
    expect(within(added!).getByText('Vehicle telemetry')).toBeVisible();

    const clauses = screen.getByRole('region', { name: /Clauses/ });
    const [removed] = within(clauses).getAllByTestId('diff-change');
    expect(removed).toHaveAttribute('data-kind', 'removed');
    expect(within(removed!).getByText('Removed')).toBeVisible();
  });

  it('says so when two versions do not differ, and compares others from the pickers', async () => {
    const user = userEvent.setup();
    const { transport, router } = setup('/charter/compare?from=1&to=2', null);

    expect(await screen.findByText('No differences')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Swap the versions' }));
    await waitFor(() => {
      expect(router.state.location.search).toBe('?from=2&to=1');
    });
    await waitFor(() => {
      expect(transport.callsTo('charter.diff').at(-1)).toEqual({ from: 2, to: 1 });
    });
    await user.selectOptions(screen.getByLabelText('To version'), 'Version 2 · Draft');
    expect(await screen.findByText('Choose two different versions')).toBeVisible();
  });

  it('compares the open draft with the version it started from by default', async () => {
    const { transport } = setup('/charter/compare', diff);
    await screen.findByTestId('charter-diff');
    expect(transport.callsTo('charter.diff')).toEqual([{ from: 1, to: 2 }]);
    expect(screen.getByLabelText('From version')).toHaveValue('1');
    expect(screen.getByLabelText('To version')).toHaveValue('2');
  });
});
