import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../shared/domain/catalog-transfer';
import { MAX_IMPORT_BYTES } from '../../../shared/domain/catalog-transfer';
import { ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';
import { withCharter } from './catalog-fixtures';

const invalidRows = [5, 17, 903];

/** What main answers for a 1,000-row CSV with three bad rows. */
function previewWithErrors(fileName: string): ImportPreview {
  return {
    fileName,
    format: 'csv',
    columns: ['identifier', 'title', 'category'],
    totalRows: 1000,
    validRows: 997,
    invalidRows,
    errors: invalidRows.map((row) => ({
      row,
      column: 'cadence',
      rule: 'cadence.allowed',
      message: `Row ${String(row)}: real-time is not allowed for Commercial data.`,
    })),
    errorCount: 3,
    fileErrors: [],
    sample: [
      { row: 2, identifier: 'trips.0001', title: 'Trips 1', category: 'operational', valid: true },
      { row: 5, identifier: 'trips.0004', title: 'Trips 4', category: 'commercial', valid: false },
    ],
  };
}

function csvFile(name = 'datasets.csv'): File {
  return new File(['identifier,title\ntrips.0001,Trips 1\n'], name, { type: 'text/csv' });
}

async function openImport() {
  const user = userEvent.setup();
  const transport = withCharter([{ identifier: 'beds' }]);
  transport.respond('catalog.importPreview', (input) =>
    ok(previewWithErrors((input as { fileName: string }).fileName)),
  );
  transport.respond('catalog.importCommit', (input) => {
    const { exclude } = input as { exclude: number[] };
    return ok({
      created: 1000 - exclude.length,
      excluded: exclude.length,
      firstSeq: 3,
      lastSeq: 999,
    });
  });
  renderApp('/catalog', transport);
  await screen.findAllByTestId('catalog-row');
  await user.click(screen.getByRole('button', { name: 'Import…' }));
  const dialog = screen.getByRole('dialog', { name: 'Import datasets' });
  return { user, transport, dialog };
}

describe('import dialog', () => {
  it('lists the invalid rows and imports only once they are excluded', async () => {
    const { user, transport, dialog } = await openImport();

    await user.upload(within(dialog).getByLabelText('Import file'), csvFile());

    expect(await within(dialog).findByTestId('import-summary')).toHaveTextContent(
      'datasets.csv: 1,000 rows · 997 valid · 3 with errors',
    );
    expect(transport.callsTo('catalog.importPreview')).toEqual([
      {
        format: 'csv',
        fileName: 'datasets.csv',
        content: 'identifier,title\ntrips.0001,Trips 1\n',
      },
    ]);
    const errors = within(dialog).getByRole('table', { name: 'Import errors' });
    const rows = within(errors).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual([
      '5',
      '17',
      '903',
    ]);
    expect(rows[0]).toHaveTextContent('cadence.allowed');

    const importAll = within(dialog).getByRole('button', { name: 'Import 1,000 datasets' });
    expect(importAll).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Exclude the 3 invalid rows' }));
    const listsBefore = transport.callsTo('catalog.list').length;
    await user.click(within(dialog).getByRole('button', { name: 'Import 997 valid datasets' }));

    expect(await within(dialog).findByTestId('import-done')).toHaveTextContent(
      'Imported 997 datasets from datasets.csv; 3 invalid rows left out.',
    );
    expect(transport.callsTo('catalog.importCommit')).toEqual([
      {
        source: {
          format: 'csv',
          fileName: 'datasets.csv',
          content: 'identifier,title\ntrips.0001,Trips 1\n',
        },
        exclude: [5, 17, 903],
      },
    ]);
    // The table asks main again for what it shows.
    await waitFor(() => {
      expect(transport.callsTo('catalog.list').length).toBeGreaterThan(listsBefore);
    });
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(dialog).not.toBeInTheDocument();
  });

  it('imports a clean file as a whole', async () => {
    const { user, transport, dialog } = await openImport();
    transport.respond('catalog.importPreview', () =>
      ok({
        ...previewWithErrors('clean.json'),
        format: 'json',
        validRows: 1000,
        invalidRows: [],
        errors: [],
        errorCount: 0,
      }),
    );

    await user.upload(within(dialog).getByLabelText('Import file'), csvFile('clean.json'));
    const importAll = await within(dialog).findByRole('button', { name: 'Import 1,000 datasets' });
    expect(importAll).toBeEnabled();
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.click(importAll);
    await within(dialog).findByTestId('import-done');
    expect(transport.callsTo('catalog.importCommit')).toMatchObject([
      { source: { format: 'json', fileName: 'clean.json' }, exclude: [] },
    ]);
  });

  it('refuses files that are not UTF-8 or too large without sending them', async () => {
    const { user, transport, dialog } = await openImport();

    const latin1 = new File(
      [new Uint8Array([0x69, 0x64, 0x0a, 0x43, 0x61, 0x66, 0xe9])],
      'latin1.csv',
      {
        type: 'text/csv',
      },
    );
    await user.upload(within(dialog).getByLabelText('Import file'), latin1);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'latin1.csv is not UTF-8 text.',
    );
    const input = within(dialog).getByLabelText('Import file');
    expect(input).toHaveAccessibleDescription(/not UTF-8/);

    const huge = csvFile('huge.csv');
    Object.defineProperty(huge, 'size', { value: MAX_IMPORT_BYTES + 1 });
    await user.upload(within(dialog).getByLabelText('Import file'), huge);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'the catalog imports files up to 32 MB',
    );
    expect(transport.callsTo('catalog.importPreview')).toEqual([]);
  });

  it('shows a refused commit and lets the user choose a fixed file', async () => {
    const { user, transport, dialog } = await openImport();
    transport.failNext('catalog.importCommit', {
      code: 'INVALID_INPUT',
      message: 'Row 5 is invalid and was not excluded.',
    });

    await user.upload(within(dialog).getByLabelText('Import file'), csvFile());
    await user.click(
      await within(dialog).findByRole('checkbox', { name: 'Exclude the 3 invalid rows' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Import 997 valid datasets' }));
    expect(await within(dialog).findByText('The import was refused')).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Row 5 is invalid and was not excluded.');

    await user.click(within(dialog).getByRole('button', { name: 'Choose another file' }));
    const input = within(dialog).getByLabelText('Import file');
    expect(input).toHaveFocus();
    await user.upload(input, csvFile('fixed.csv'));
    expect(await within(dialog).findByTestId('import-summary')).toHaveTextContent('fixed.csv');
    // A new file starts with its rows included again.
    expect(
      within(dialog).getByRole('checkbox', { name: 'Exclude the 3 invalid rows' }),
    ).not.toBeChecked();
    expect(transport.callsTo('catalog.importPreview')).toHaveLength(2);
  });

  it('closes on Cancel and drops a preview that arrives afterwards', async () => {
    const { user, transport, dialog } = await openImport();
    let answer: (() => void) | undefined;
    transport.respond(
      'catalog.importPreview',
      () =>
        new Promise((resolve) => {
          answer = () => {
            resolve(ok(previewWithErrors('slow.csv')));
          };
        }),
    );
    await user.upload(within(dialog).getByLabelText('Import file'), csvFile('slow.csv'));
    expect(await within(dialog).findByText('Checking slow.csv…')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(dialog).not.toBeInTheDocument();
    await act(async () => {
      answer?.();
      await Promise.resolve();
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
