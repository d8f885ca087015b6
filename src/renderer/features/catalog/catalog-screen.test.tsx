import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DatasetListQueryInput } from '../../../shared/domain/dataset';
import { FakeTransport, makeDataset } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { PAGE_SIZE } from '../../ui/data-table/page-store';

function sampleDatasets() {
  return [
    makeDataset({
      identifier: 'patients.admissions',
      title: 'Hospital admissions',
      sensitivity: 'restricted',
      tags: ['clinical'],
    }),
    makeDataset({
      identifier: 'staff.rota',
      title: 'Staff rota',
      sensitivity: 'internal',
      status: 'deprecated',
    }),
    makeDataset({
      identifier: 'beds.capacity',
      title: 'Bed capacity',
      sensitivity: 'public',
      formats: ['csv'],
    }),
  ];
}

function lastListQuery(transport: FakeTransport): DatasetListQueryInput {
  const calls = transport.callsTo('catalog.list');
  return calls.at(-1) as DatasetListQueryInput;
}

async function rowsShown(): Promise<string[]> {
  const rows = await screen.findAllByTestId('catalog-row');
  return rows.map((row) => row.getAttribute('data-identifier') ?? '');
}

describe('CatalogScreen', () => {
  it('renders the rows main returns, in its order', async () => {
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    renderApp('/catalog', transport);

    expect(await rowsShown()).toEqual(['beds.capacity', 'patients.admissions', 'staff.rota']);
    expect(lastListQuery(transport)).toEqual({
      search: '',
      sort: { field: 'title', direction: 'asc' },
      offset: 0,
      limit: PAGE_SIZE,
    });
    expect(screen.getByText('3 datasets')).toBeInTheDocument();
    const row = screen.getAllByTestId('catalog-row')[1]!;
    expect(within(row).getByText('Restricted')).toBeInTheDocument();
    expect(within(row).getByText('clinical')).toBeInTheDocument();
  });

  it('asks main to sort when a column header is clicked', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    renderApp('/catalog', transport);
    await rowsShown();

    const titleHeader = screen.getByRole('columnheader', { name: /title/i });
    expect(titleHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Identifier' }));
    await waitFor(() => {
      expect(lastListQuery(transport).sort).toEqual({ field: 'identifier', direction: 'asc' });
    });
    expect(await rowsShown()).toEqual(['beds.capacity', 'patients.admissions', 'staff.rota']);
    expect(screen.getByRole('columnheader', { name: /identifier/i })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(titleHeader).toHaveAttribute('aria-sort', 'none');

    await user.click(screen.getByRole('button', { name: 'Identifier' }));
    await waitFor(() => {
      expect(lastListQuery(transport).sort).toEqual({ field: 'identifier', direction: 'desc' });
    });
    await waitFor(async () => {
      expect(await rowsShown()).toEqual(['staff.rota', 'patients.admissions', 'beds.capacity']);
    });

    // Dates sort newest first on the first click.
    await user.click(screen.getByRole('button', { name: 'Updated' }));
    await waitFor(() => {
      expect(lastListQuery(transport).sort).toEqual({ field: 'updatedAt', direction: 'desc' });
    });
    // Tags are not a sort field in the contract, so their header is not a button.
    expect(screen.queryByRole('button', { name: 'Tags' })).not.toBeInTheDocument();
  });

  it('filters as the user types, and with the chosen filters', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    renderApp('/catalog', transport);
    await rowsShown();

    await user.type(screen.getByTestId('catalog-search'), 'rota');
    await waitFor(async () => {
      expect(await rowsShown()).toEqual(['staff.rota']);
    });
    // Every keystroke filters at once (main's FTS index answers in milliseconds); the rows
    // shown are those of the last query.
    const searches = transport
      .callsTo('catalog.list')
      .map((input) => (input as DatasetListQueryInput).search);
    expect(searches.at(-1)).toBe('rota');
    expect(searches).toEqual(expect.arrayContaining(['r', 'ro', 'rot']));

    await user.click(screen.getByRole('button', { name: 'Status filter' }));
    await user.click(screen.getByRole('checkbox', { name: 'Active' }));
    await waitFor(() => {
      expect(lastListQuery(transport)).toMatchObject({ search: 'rota', status: ['active'] });
    });
    expect(await screen.findByText('No datasets match these filters')).toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(async () => {
      expect(await rowsShown()).toHaveLength(3);
    });
    expect(screen.getByTestId<HTMLInputElement>('catalog-search').value).toBe('');
  });

  it('invites the first dataset when the catalog is empty', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport();
    const { router } = renderApp('/catalog', transport);

    expect(await screen.findByText('No datasets yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add the first dataset' }));
    expect(router.state.location.pathname).toBe('/catalog/new');
  });

  it('opens a dataset on click and on Enter', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    const { router } = renderApp('/catalog', transport);
    await rowsShown();

    await user.click(screen.getByText('Staff rota'));
    expect(router.state.location.pathname).toBe('/catalog/ds-staff.rota');

    await act(() => router.navigate('/catalog'));
    const rows = await screen.findAllByTestId('catalog-row');
    rows[0]!.focus();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(router.state.location.pathname).toBe('/catalog/ds-patients.admissions');
  });

  it('opens the new-dataset form with n and focuses search with /', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    const { router } = renderApp('/catalog', transport);
    await rowsShown();

    await user.keyboard('/');
    expect(screen.getByTestId('catalog-search')).toHaveFocus();
    // Typing "n" into the search is text, not a shortcut.
    await user.keyboard('n');
    expect(router.state.location.pathname).toBe('/catalog');

    screen.getByTestId('catalog-search').blur();
    await user.keyboard('n');
    expect(router.state.location.pathname).toBe('/catalog/new');
  });

  it('refetches when main reports a dataset change', async () => {
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    renderApp('/catalog', transport);
    await rowsShown();

    transport.datasets.push(makeDataset({ identifier: 'a.new', title: 'A new one' }));
    act(() => {
      transport.emit({ name: 'workspace.changed', payload: { entity: 'dataset', ids: [] } });
    });
    await waitFor(async () => {
      expect(await rowsShown()).toEqual([
        'a.new',
        'beds.capacity',
        'patients.admissions',
        'staff.rota',
      ]);
    });
  });

  it('renders only the visible window of a large catalog and fetches pages as needed', async () => {
    const datasets = Array.from({ length: 1000 }, (_, index) =>
      makeDataset({ identifier: `ds.${String(index).padStart(4, '0')}` }),
    );
    const transport = new FakeTransport({ datasets });
    renderApp('/catalog', transport);

    const rows = await screen.findAllByTestId('catalog-row');
    expect(screen.getByText('1,000 datasets')).toBeInTheDocument();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByTestId('catalog-table')).toHaveAttribute('aria-rowcount', '1001');
    // Only the first page was needed for the first screenful.
    expect(transport.callsTo('catalog.list')).toHaveLength(1);
  });

  it('shows a load failure with Retry', async () => {
    const user = userEvent.setup();
    const transport = new FakeTransport({ datasets: sampleDatasets() });
    transport.failNext('catalog.list', { code: 'INTERNAL', message: 'Disk on fire.' });
    renderApp('/catalog', transport);

    expect(await screen.findByText('Disk on fire.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await rowsShown()).toHaveLength(3);
  });
});
