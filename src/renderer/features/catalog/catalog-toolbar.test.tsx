import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetListQueryInput, DatasetRow } from '../../../shared/domain/dataset';
import { ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { saveTextFile } from '../../ui/save-file';
import { governedDataset, withCharter } from './catalog-fixtures';

vi.mock('../../ui/save-file', () => ({ saveTextFile: vi.fn(), copyText: vi.fn() }));

function sample() {
  const transport = withCharter([
    { identifier: 'beds', title: 'Bed capacity', holder: 'Northwind Health' },
    { identifier: 'rota', title: 'Staff rota', status: 'deprecated', holder: 'Eastbay Care' },
  ]);
  // Rows from main carry their findings count; this one broke two rules after a charter change.
  const revenue: DatasetRow = {
    ...governedDataset({ identifier: 'revenue', title: 'Revenue', category: 'commercial' }),
    findings: 2,
  };
  transport.datasets.push(revenue);
  return transport;
}

function lastQuery(transport: ReturnType<typeof sample>): DatasetListQueryInput {
  return transport.callsTo('catalog.list').at(-1) as DatasetListQueryInput;
}

async function rowsShown(): Promise<string[]> {
  const rows = await screen.findAllByTestId('catalog-row');
  return rows.map((row) => row.getAttribute('data-identifier') ?? '');
}

beforeEach(() => {
  localStorage.clear();
  vi.mocked(saveTextFile).mockClear();
});

describe('catalog table and toolbar', () => {
  it('shows category names, cadence and the charter flag, and sorts by category in main', async () => {
    const user = userEvent.setup();
    const transport = sample();
    renderApp('/catalog', transport);
    await rowsShown();

    const revenue = screen
      .getAllByTestId('catalog-row')
      .find((row) => row.getAttribute('data-identifier') === 'revenue')!;
    await waitFor(() => {
      expect(within(revenue).getByText('Commercial data')).toBeInTheDocument();
    });
    expect(within(revenue).getByText('Daily')).toBeInTheDocument();
    expect(within(revenue).getByLabelText('Breaks 2 charter rules')).toHaveTextContent('⚠ 2');
    const beds = screen.getAllByTestId('catalog-row')[0]!;
    expect(within(beds).queryByLabelText(/charter rule/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Category' }));
    await waitFor(() => {
      expect(lastQuery(transport).sort).toEqual({ field: 'category', direction: 'asc' });
    });
    // The charter flag is not a sort field in the contract.
    expect(screen.queryByRole('button', { name: 'Charter' })).not.toBeInTheDocument();
  });

  it('filters by the governing charter’s categories', async () => {
    const user = userEvent.setup();
    const transport = sample();
    renderApp('/catalog', transport);
    await rowsShown();

    await user.click(await screen.findByRole('button', { name: 'Category filter' }));
    await user.click(screen.getByRole('checkbox', { name: 'Personal data' }));
    await user.click(screen.getByRole('checkbox', { name: 'Commercial data' }));
    await waitFor(() => {
      expect(lastQuery(transport).category).toEqual(['commercial', 'personal']);
    });
  });

  it('hides a column and remembers it', async () => {
    const user = userEvent.setup();
    const transport = sample();
    const first = renderApp('/catalog', transport);
    await rowsShown();
    expect(screen.getByRole('columnheader', { name: 'Holder' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Columns' }));
    const panel = screen.getByRole('group', { name: 'Columns to show' });
    expect(within(panel).getByRole('checkbox', { name: 'Title' })).toBeDisabled();
    await user.click(within(panel).getByRole('checkbox', { name: 'Holder' }));

    expect(screen.queryByRole('columnheader', { name: 'Holder' })).not.toBeInTheDocument();
    expect(screen.queryByText('Eastbay Care')).not.toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem('concordat.catalog.hiddenColumns') ?? '')).toEqual([
      'holder',
      'formats',
    ]);

    first.unmount();
    renderApp('/catalog', transport);
    await rowsShown();
    expect(screen.queryByRole('columnheader', { name: 'Holder' })).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Steward' })).toBeInTheDocument();
  });

  it('saves the current filters under a name, applies and deletes them', async () => {
    const user = userEvent.setup();
    const transport = sample();
    renderApp('/catalog', transport);
    await rowsShown();

    await user.type(screen.getByTestId('catalog-search'), 'rota');
    await user.click(screen.getByRole('button', { name: 'Status filter' }));
    await user.click(screen.getByRole('checkbox', { name: 'Deprecated' }));
    await user.click(screen.getByRole('button', { name: 'Updated' }));
    await waitFor(() => {
      expect(lastQuery(transport)).toMatchObject({
        search: 'rota',
        status: ['deprecated'],
        sort: { field: 'updatedAt', direction: 'desc' },
      });
    });

    await user.click(screen.getByRole('button', { name: 'Saved filters' }));
    await user.type(
      screen.getByLabelText('Save the current search, filters and sort as'),
      'Old rotas{Enter}',
    );
    expect(screen.getByRole('button', { name: 'Old rotas' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(JSON.parse(localStorage.getItem('concordat.catalog.savedFilters') ?? '')).toEqual([
      { name: 'Old rotas', query: 'q=rota&status=deprecated&sort=-updatedAt' },
    ]);

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(() => {
      expect(lastQuery(transport)).not.toHaveProperty('status');
    });

    await user.click(screen.getByRole('button', { name: /Saved filters/ }));
    await user.click(screen.getByRole('button', { name: 'Old rotas' }));
    await waitFor(() => {
      expect(lastQuery(transport)).toMatchObject({
        search: 'rota',
        status: ['deprecated'],
        sort: { field: 'updatedAt', direction: 'desc' },
      });
    });
    expect(screen.getByTestId<HTMLInputElement>('catalog-search').value).toBe('rota');

    await user.click(screen.getByRole('button', { name: /Saved filters/ }));
    await user.click(screen.getByRole('button', { name: 'Delete saved filter Old rotas' }));
    expect(screen.queryByRole('button', { name: 'Old rotas' })).not.toBeInTheDocument();
    expect(screen.getByText(/No saved filters yet/)).toBeInTheDocument();
    expect(localStorage.getItem('concordat.catalog.savedFilters')).toBe('[]');
  });

  it('exports the catalog as DCAT and saves the file main names', async () => {
    const user = userEvent.setup();
    const transport = sample();
    transport.respond('catalog.export', (input) =>
      ok({
        format: (input as { format: 'csv' | 'dcat' }).format,
        fileName: 'catalog.dcat.jsonld',
        mediaType: 'application/ld+json',
        content: '{"@context":"https://www.w3.org/ns/dcat3.jsonld"}',
        datasets: 3,
      }),
    );
    renderApp('/catalog', transport);
    await rowsShown();

    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('button', { name: 'Export DCAT (JSON-LD)' }));

    await waitFor(() => {
      expect(saveTextFile).toHaveBeenCalledWith(
        'catalog.dcat.jsonld',
        '{"@context":"https://www.w3.org/ns/dcat3.jsonld"}',
        'application/ld+json',
      );
    });
    expect(transport.callsTo('catalog.export')).toEqual([{ format: 'dcat' }]);
    expect(await screen.findByTestId('toast')).toHaveTextContent(
      'Exported 3 datasets to catalog.dcat.jsonld',
    );
  });
});
