import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDraft } from '../../shared/domain/dataset';
import { countDatasets } from '../core/catalog/catalog-queries';
import { formatCsvRecord } from '../core/catalog/transfer/csv';
import { datasetColumns, encodeDatasetCells } from '../core/catalog/transfer/dataset-columns';
import { publishOpenCharter, sampleDraft } from '../core/testing/charter-setup';
import { useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) => runCliCapturing(argv);

/** A closed workspace file whose template charter is published (or not). */
function workspaceFile(dir: string, name = 'ws.concordat', publish = true): string {
  const path = join(dir, name);
  const ws = Workspace.create(path, {
    organisation: 'Acme Health',
    operator: 'Ada',
    roles: ['lead', 'steward'],
  });
  try {
    if (publish) publishOpenCharter(ws);
  } finally {
    ws.close();
  }
  return path;
}

function counts(path: string): { datasets: number; entries: number } {
  const ws = Workspace.open(path, { readOnly: true });
  try {
    return { datasets: countDatasets(ws), entries: ws.ledger.size };
  } finally {
    ws.close();
  }
}

const draftAt = (i: number, overrides: Partial<DatasetDraft> = {}) =>
  sampleDraft({ identifier: `ds-${i}`, title: `Dataset ${i}`, ...overrides });

function csvFile(dir: string, drafts: DatasetDraft[], name = 'datasets.csv'): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    formatCsvRecord(datasetColumns) +
      drafts.map((draft) => formatCsvRecord(encodeDatasetCells(draft))).join(''),
  );
  return path;
}

const withOneBadRow = () => [draftAt(1), draftAt(2, { category: 'nowhere' }), draftAt(3)];

describe('concordat catalog import', () => {
  it('imports a valid CSV file, one ledger entry per dataset', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const before = counts(db);
    const file = csvFile(dir, [draftAt(1), draftAt(2), draftAt(3)]);
    const result = await cli('catalog', 'import', file, '--db', db);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^Imported 3 datasets from datasets\.csv; ledger entries \d+–\d+\.$/,
    );
    expect(counts(db)).toEqual({ datasets: 3, entries: before.entries + 3 });
  });

  it('refuses a file with invalid rows (exit 1), listing each error, and writes nothing', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const before = counts(db);
    const result = await cli('catalog', 'import', csvFile(dir, withOneBadRow()), '--db', db);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'row 3, column category: "nowhere" is not a data category of the governing charter. [category.known]',
    );
    expect(result.err).toMatch(/Refused: 1 of 3 rows have errors/);
    expect(counts(db)).toEqual(before);
  });

  it('with --exclude-invalid imports the valid rows; --dry-run writes nothing', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const before = counts(db);
    const file = csvFile(dir, withOneBadRow());
    const dry = await cli('catalog', 'import', file, '--db', db, '--dry-run', '--exclude-invalid');
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Dry run: 2 datasets would be imported \(1 invalid rows left out\)/);
    expect(counts(db)).toEqual(before);

    const result = await cli('catalog', 'import', file, '--db', db, '--exclude-invalid', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as Record<string, unknown>;
    expect(report).toMatchObject({
      totalRows: 3,
      validRows: 2,
      invalidRows: [3],
      errorCount: 1,
      imported: { created: 2, excluded: 1, firstSeq: before.entries, lastSeq: before.entries + 1 },
      exitCode: 0,
    });
    expect(counts(db)).toEqual({ datasets: 2, entries: before.entries + 2 });
  });

  it('reads JSON, taking the format from the extension or --format', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const items = [{ ...draftAt(1), cadence: 'realtime' }];
    writeFileSync(join(dir, 'a.json'), JSON.stringify(items));
    writeFileSync(join(dir, 'b.txt'), JSON.stringify({ datasets: [draftAt(2)] }));
    expect((await cli('catalog', 'import', join(dir, 'a.json'), '--db', db)).code).toBe(0);
    const unnamed = await cli('catalog', 'import', join(dir, 'b.txt'), '--db', db);
    expect(unnamed).toMatchObject({ code: 2, err: expect.stringContaining('--format') as string });
    const named = await cli(
      'catalog',
      'import',
      join(dir, 'b.txt'),
      '--db',
      db,
      '--format',
      'json',
    );
    expect(named.code).toBe(0);
    expect(counts(db).datasets).toBe(2);
  });

  it('reports bytes that are not UTF-8 with their line (exit 2)', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const file = join(dir, 'latin1.csv');
    const good = readFileSync(csvFile(dir, [draftAt(1)]));
    writeFileSync(
      file,
      Buffer.concat([good, Buffer.from('ds-2,Caf\xe9,operational\r\n', 'latin1')]),
    );
    const result = await cli('catalog', 'import', file, '--db', db);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/is not UTF-8 text: byte \d+ \(0xe9\) on line 3 is not valid UTF-8/);
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id', 'utf16le')]));
    expect((await cli('catalog', 'import', utf16, '--db', db)).err).toMatch(/UTF-16/);
    expect(counts(db).datasets).toBe(0);
  });

  it('refuses a 100 MB file by its size, without reading it (exit 2)', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    const file = join(dir, 'garbage.csv');
    writeFileSync(file, '');
    truncateSync(file, 100 * 1024 * 1024);
    const started = performance.now();
    const result = await cli('catalog', 'import', file, '--db', db);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/is 100\.0 MB; the import limit is 32 MB/);
  });

  it('exits 2 for a missing file or bad usage, and 1 before a charter is published', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    expect((await cli('catalog', 'import', join(dir, 'nope.csv'), '--db', db)).code).toBe(2);
    expect((await cli('catalog', 'import', '--db', db)).code).toBe(2);
    expect((await cli('catalog', 'frobnicate')).code).toBe(2);
    const columns = join(dir, 'columns.csv');
    writeFileSync(columns, 'identifier,colour\r\nx,red\r\n');
    const wrong = await cli('catalog', 'import', columns, '--db', db);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('file, column colour: "colour" is not a catalog column');

    const unpublished = workspaceFile(dir, 'draft-only.concordat', false);
    const result = await cli('catalog', 'import', csvFile(dir, [draftAt(1)]), '--db', unpublished);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/No charter is published yet.*\[charter\.unpublished\]/);
  });
});

describe('concordat catalog export', () => {
  it('writes CSV to standard output that imports into another workspace unchanged', async () => {
    const dir = tempDir();
    const source = workspaceFile(dir, 'a.concordat');
    const risky = [draftAt(1, { title: '=cmd|calc', tags: ['-x', '@y'] }), draftAt(2)];
    expect((await cli('catalog', 'import', csvFile(dir, risky), '--db', source)).code).toBe(0);
    const exported = await cli('catalog', 'export', '--format', 'csv', '--db', source);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain("'=cmd|calc");

    const copy = join(dir, 'copy.csv');
    writeFileSync(copy, exported.out);
    const target = workspaceFile(dir, 'b.concordat');
    expect((await cli('catalog', 'import', copy, '--db', target)).code).toBe(0);
    const again = await cli('catalog', 'export', '--format', 'csv', '--db', target);
    expect(again.out).toBe(exported.out);
  });

  it('writes DCAT JSON-LD to --out', async () => {
    const dir = tempDir();
    const db = workspaceFile(dir);
    await cli('catalog', 'import', csvFile(dir, [draftAt(1)]), '--db', db);
    const out = join(dir, 'catalog.jsonld');
    const result = await cli('catalog', 'export', '--format', 'dcat', '--db', db, '--out', out);
    expect(result).toMatchObject({ code: 0, out: `Exported 1 datasets to ${out}` });
    const catalog = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['dcat:dataset']).toHaveLength(1);
    expect((await cli('catalog', 'export', '--format', 'xml', '--db', db)).code).toBe(2);
  });
});
