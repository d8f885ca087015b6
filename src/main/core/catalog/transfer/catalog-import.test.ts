import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  importPreviewSchema,
  type ImportSource,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from '../../../../shared/domain/catalog-transfer';
import {
  type DatasetDraft,
  datasetDraftSchema,
  sensitivitySchema,
} from '../../../../shared/domain/dataset';
import {
  type CadenceKey,
  cadenceOfKey,
  type Sensitivity,
} from '../../../../shared/domain/governance-terms';
import { AppError } from '../../../../shared/errors';
import { loadCharterTemplate } from '../../charter/charter-template';
import { sampleDraft } from '../../testing/charter-setup';
import { useTempWorkspace } from '../../testing/temp-dir';
import { thrownCode } from '../../testing/thrown-code';
import type { Workspace } from '../../workspace/workspace';
import { createDataset } from '../catalog-commands';
import { countDatasets, findDatasetByIdentifier } from '../catalog-queries';
import { commitImport, type ImportContext, previewImport, validateImport } from './catalog-import';
import { exportCatalog } from './catalog-export';
import { formatCsvRecord, neutraliseCell, restoreCell } from './csv';
import { datasetColumns, encodeDatasetCells } from './dataset-columns';

const newWorkspace = useTempWorkspace();

function csvOf(drafts: readonly DatasetDraft[]): string {
  return (
    formatCsvRecord(datasetColumns) +
    drafts.map((draft) => formatCsvRecord(encodeDatasetCells(draft))).join('')
  );
}

function csv(content: string, fileName = 'datasets.csv'): ImportSource {
  return { format: 'csv', fileName, content };
}

function json(value: unknown): ImportSource {
  return { format: 'json', fileName: 'datasets.json', content: JSON.stringify(value) };
}

const draftAt = (i: number, overrides: Partial<DatasetDraft> = {}) =>
  sampleDraft({
    identifier: `ds-${String(i).padStart(5, '0')}`,
    title: `Dataset ${i}`,
    ...overrides,
  });

const pureContext: ImportContext = {
  organisation: 'Acme Health',
  charter: loadCharterTemplate(),
  existingIdentifiers: new Set(),
};

function rulesOf(preview: { errors: { row: number; rule: string }[] }, row: number): string[] {
  return preview.errors.filter((error) => error.row === row).map((error) => error.rule);
}

function ledgerTypes(ws: Workspace, from: number, to: number): string[] {
  return ws.sqlite
    .prepare('SELECT type FROM ledger_entry WHERE seq BETWEEN ? AND ? ORDER BY seq')
    .pluck()
    .all(from, to) as string[];
}

describe('CSV cells', () => {
  it('neutralises formula starts and restores exactly what it neutralised', () => {
    for (const value of ["=cmd|' /C calc'!A0", '+1', '-2', '@SUM(1)', '\tx', '\rx']) {
      expect(neutraliseCell(value)).toBe(`'${value}`);
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    }
    // Text that already looks neutralised keeps its apostrophes through a round trip.
    for (const value of ["'=1", "''+2", "'plain", 'plain', "'", '']) {
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    }
    expect(neutraliseCell("'plain")).toBe("'plain");
  });
});

describe('catalog import: columns and file', () => {
  it('accepts header names in any case with spaces, and fills optional columns with defaults', () => {
    const ws = newWorkspace();
    const content =
      ' Identifier ,TITLE,Category,sensitivity,Cadence,retention\r\n' +
      'bus-positions,Bus positions,operational,Internal,REALTIME,p1y\r\n';
    const preview = previewImport(ws, csv(content));
    expect(preview).toMatchObject({
      fileErrors: [],
      errors: [],
      totalRows: 1,
      validRows: 1,
      columns: ['identifier', 'title', 'category', 'sensitivity', 'cadence', 'retention'],
    });
    const validated = validateImport(csv(content), pureContext);
    expect(validated.rows[0]?.draft).toEqual({
      identifier: 'bus-positions',
      title: 'Bus positions',
      description: '',
      category: 'operational',
      holder: 'Acme Health',
      sensitivity: 'internal',
      status: 'active',
      steward: '',
      cadence: { kind: 'realtime' },
      retention: 'P1Y',
      distributions: [],
      schemaFields: [],
      pushers: [],
      formats: [],
      tags: [],
    });
  });

  it('names unknown, duplicate and missing columns as file errors', () => {
    const ws = newWorkspace();
    const preview = previewImport(
      ws,
      csv(
        'identifier,title,colour,Title,sensitivity,cadence,retention\r\nx1,X,red,X,public,daily,P1Y\r\n',
      ),
    );
    expect(preview.fileErrors.map((e) => [e.rule, e.column])).toEqual([
      ['file.column_unknown', 'colour'],
      ['file.column_duplicate', 'title'],
      ['file.column_missing', 'category'],
    ]);
    expect(preview.fileErrors.every((e) => e.row === 0)).toBe(true);
    expect(preview.totalRows).toBe(0);
  });

  it('ignores empty cells after the last column, as spreadsheets save them', () => {
    const ws = newWorkspace();
    const content =
      'identifier,title,category,sensitivity,cadence,retention,,\r\n' +
      'bus-positions,Bus positions,operational,internal,realtime,P1Y,,\r\n' +
      'tram-positions,Tram positions,operational,internal,realtime,P1Y,,oops\r\n';
    const preview = previewImport(ws, csv(content));
    expect(preview.fileErrors).toEqual([]);
    expect(preview.validRows).toBe(1);
    expect(rulesOf(preview, 3)).toEqual(['csv.cell_count']);
  });

  it('recognises a semicolon-separated file and says so', () => {
    const ws = newWorkspace();
    const preview = previewImport(ws, csv('identifier;title;category\r\nx;y;z\r\n'));
    expect(preview.fileErrors[0]?.message).toMatch(/semicolons/);
  });

  it('refuses text that is not UTF-8: U+FFFD replacement characters and NUL bytes, located', () => {
    const ws = newWorkspace();
    const good = csvOf([draftAt(1)]);
    const replaced = previewImport(ws, csv(good + 'ds-2,Caf\uFFFD,operational\r\n'));
    expect(replaced.fileErrors).toEqual([
      expect.objectContaining({ row: 0, rule: 'file.encoding' }),
    ]);
    expect(replaced.fileErrors[0]?.message).toMatch(/not UTF-8 text \(line 3/);
    const nul = previewImport(ws, csv('identifier\u0000,title\r\n'));
    expect(nul.fileErrors[0]).toMatchObject({ rule: 'file.encoding' });
    expect(nul.fileErrors[0]?.message).toMatch(/NUL/);
    const lone = previewImport(ws, csv(good + 'ds-2,\uD800x,operational\r\n'));
    expect(lone.fileErrors[0]).toMatchObject({ rule: 'file.encoding' });
  });

  it('refuses content over the size limit before parsing it (100 MB of garbage)', () => {
    const ws = newWorkspace();
    const garbage = 'x,"'.repeat(Math.ceil((100 * 1024 * 1024) / 3));
    const preview = previewImport(ws, csv(garbage));
    expect(preview.fileErrors).toEqual([
      expect.objectContaining({ row: 0, rule: 'file.too_large' }),
    ]);
    // Not parsed at all: no columns, rows or samples were read from it. (How long the refusal
    // takes is for a benchmark; a timed assertion here failed on a loaded machine.)
    expect(preview).toMatchObject({ columns: [], totalRows: 0, sample: [] });
    // Multi-byte text is counted in bytes, not characters.
    const wide = 'é'.repeat(MAX_IMPORT_BYTES / 2 + 1);
    expect(previewImport(ws, csv(wide)).fileErrors[0]?.rule).toBe('file.too_large');
  });

  it('treats binary garbage as not UTF-8 text', () => {
    const ws = newWorkspace();
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const lenient = new TextDecoder('utf-8').decode(bytes);
    expect(previewImport(ws, csv(lenient)).fileErrors[0]?.rule).toBe('file.encoding');
  });

  it('says on which line an unterminated quote starts', () => {
    const ws = newWorkspace();
    const content = csvOf([draftAt(1), draftAt(2)]) + 'ds-3,"Never closed,operational\r\nmore\r\n';
    const preview = previewImport(ws, csv(content));
    expect(preview.fileErrors).toEqual([expect.objectContaining({ rule: 'file.syntax' })]);
    expect(preview.fileErrors[0]?.message).toMatch(/starts on line 4 is never closed/);
  });

  it('refuses an empty file, a header without rows, and too many rows', () => {
    const ws = newWorkspace();
    expect(previewImport(ws, csv('')).fileErrors[0]?.rule).toBe('file.empty');
    expect(previewImport(ws, csv(csvOf([]))).fileErrors[0]?.rule).toBe('file.empty');
    const header = formatCsvRecord(datasetColumns);
    // Rows of the right width: csv-parse makes each mis-sized row slow to report.
    const tooMany = header + ',,,,,,,,,,,,,,\r\n'.repeat(MAX_IMPORT_ROWS + 1);
    expect(previewImport(ws, csv(tooMany)).fileErrors[0]?.rule).toBe('file.too_many_rows');
  });

  it('reports a row whose cell count differs from the header, and skips blank rows', () => {
    const ws = newWorkspace();
    const content = csvOf([draftAt(1)]) + '\r\n' + 'ds-9,Title, with a comma,operational\r\n';
    const preview = previewImport(ws, csv(content));
    expect(preview.totalRows).toBe(2);
    expect(preview.invalidRows).toEqual([4]);
    expect(rulesOf(preview, 4)).toEqual(['csv.cell_count']);
  });

  it('says the import cannot be checked before a charter is published', () => {
    const ws = newWorkspace({ organisation: 'Acme', operator: 'Sam', roles: ['steward'] });
    const preview = previewImport(ws, csv(csvOf([draftAt(1)])));
    expect(preview.fileErrors).toEqual([
      expect.objectContaining({ row: 0, column: 'category', rule: 'charter.unpublished' }),
    ]);
    expect(thrownCode(() => commitImport(ws, csv(csvOf([draftAt(1)])), []))).toBe('IMPORT_INVALID');
    expect(countDatasets(ws)).toBe(0);
  });
});

describe('catalog import: rows', () => {
  it('finds duplicate identifiers in the file (naming every copy) and in the catalog', () => {
    const ws = newWorkspace();
    createDataset(ws, draftAt(100));
    const preview = previewImport(
      ws,
      csv(csvOf([draftAt(1), draftAt(2), draftAt(1), draftAt(100), draftAt(1)])),
    );
    expect(preview.invalidRows).toEqual([2, 4, 5, 6]);
    const messages = (row: number) =>
      preview.errors.filter((e) => e.row === row).map((e) => `${e.rule}: ${e.message}`);
    expect(messages(2)).toEqual([
      'identifier.unique_in_file: "ds-00001" is in the file more than once: also on rows 4, 6.',
    ]);
    expect(messages(4)[0]).toMatch(/also on rows 2, 6/);
    expect(messages(5)).toEqual([
      'identifier.unique: A dataset with identifier "ds-00100" already exists in this catalog.',
    ]);
    expect(preview.errors.every((e) => e.column === 'identifier')).toBe(true);
  });

  it('checks each row against the governing charter, with its rule ids', () => {
    const ws = newWorkspace();
    const preview = previewImport(
      ws,
      csv(
        csvOf([
          draftAt(1, { category: 'spaceships' }),
          draftAt(2, { cadence: cadenceOfKey('weekly') }),
          draftAt(3, { sensitivity: 'public' }),
          draftAt(4, { retention: 'P3Y' }),
          draftAt(5, {
            schemaFields: [
              { name: 'rider_id', type: 'string', personalData: true, classification: 'internal' },
            ],
          }),
          draftAt(6),
        ]),
      ),
    );
    expect(preview.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [2, 'category', 'category.known'],
      [3, 'cadence', 'cadence.allowed'],
      [4, 'sensitivity', 'sensitivity.not_below_category'],
      [5, 'retention', 'retention.not_above_category'],
      [6, 'schema_fields', 'schema.personal_data_needs_personal_category'],
    ]);
    expect(preview.validRows).toBe(1);
  });

  it('reports undecodable and invalid cells at their column, every problem of a row at once', () => {
    const ws = newWorkspace();
    const content =
      'identifier,title,category,sensitivity,cadence,retention,distributions,schema_fields\r\n' +
      'Bad Id,,nowhere,secret,fortnightly,P1Y,https://x.org/a,trip_id\r\n' +
      'ok-1,Fine,operational,internal,daily,1 year,api:not a url,trip_id:text\r\n';
    const preview = previewImport(ws, csv(content));
    expect(preview.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [2, 'title', 'value.required'],
      [2, 'cadence', 'value.invalid'],
      [2, 'distributions', 'value.invalid'],
      [2, 'schema_fields', 'value.invalid'],
      [2, 'identifier', 'value.invalid'],
      [2, 'sensitivity', 'value.invalid'],
      [2, 'category', 'category.known'],
      [3, 'retention', 'value.invalid'],
      [3, 'distributions', 'value.invalid'],
      [3, 'schema_fields', 'value.invalid'],
    ]);
    const distribution = preview.errors.find((e) => e.row === 3 && e.column === 'distributions');
    expect(distribution?.message).toMatch(/^Entry 1 url: /);
  });

  it('decodes list, distribution and schema-field cells', () => {
    const content =
      'identifier,title,category,sensitivity,cadence,retention,tags,distributions,schema_fields\r\n' +
      'trips,Trips,personal,restricted,weekly,P30D,a; b ;; c\\;d,' +
      '"api:https://api.example.org/v1/trips; file:https://data.example.org/trips.csv|CSV",' +
      '"trip_id:string; rider_id:string:personal:confidential"\r\n';
    const validated = validateImport(csv(content), pureContext);
    expect(validated.rows[0]?.errors).toEqual([]);
    expect(validated.rows[0]?.draft).toMatchObject({
      tags: ['a', 'b', 'c;d'],
      distributions: [
        { kind: 'api', url: 'https://api.example.org/v1/trips', format: '' },
        { kind: 'file', url: 'https://data.example.org/trips.csv', format: 'CSV' },
      ],
      schemaFields: [
        { name: 'trip_id', type: 'string', personalData: false, classification: 'restricted' },
        { name: 'rider_id', type: 'string', personalData: true, classification: 'confidential' },
      ],
    });
  });

  it('in a 1,000-row file with 3 bad rows, reports exactly those rows', () => {
    const ws = newWorkspace();
    const drafts = Array.from({ length: 1000 }, (_, i) => draftAt(i));
    drafts[98] = draftAt(98, { category: 'unknown-category' });
    drafts[498] = draftAt(498, { sensitivity: 'public' });
    drafts[898] = draftAt(898, { cadence: cadenceOfKey('quarterly') });
    const preview = previewImport(ws, csv(csvOf(drafts)));
    expect(preview.totalRows).toBe(1000);
    expect(preview.invalidRows).toEqual([100, 500, 900]);
    expect(preview.errors.map((e) => e.row)).toEqual([100, 500, 900]);
    expect(preview.errorCount).toBe(3);
    expect(preview.validRows).toBe(997);
    // What crosses the IPC boundary matches the contract.
    expect(importPreviewSchema.parse(preview)).toEqual(preview);
  });

  it('lists errors in row order up to the cap and counts them all', () => {
    const drafts = Array.from({ length: 2500 }, (_, i) => draftAt(i, { category: 'nope' }));
    const ws = newWorkspace();
    const preview = previewImport(ws, csv(csvOf(drafts)));
    expect(preview.errorCount).toBe(2500);
    expect(preview.errors).toHaveLength(2000);
    expect(preview.errors.map((e) => e.row)).toEqual(drafts.slice(0, 2000).map((_, i) => i + 2));
  });
});

describe('catalog import: JSON', () => {
  it('reads an array or { datasets }, with cadence as an object or one word', () => {
    const ws = newWorkspace();
    const item = { ...draftAt(1), cadence: 'Daily' };
    for (const document of [[item], { datasets: [item] }]) {
      const preview = previewImport(ws, json(document));
      expect(preview).toMatchObject({ fileErrors: [], errors: [], validRows: 1 });
    }
    const minimal = {
      identifier: 'min',
      title: 'Minimal',
      category: 'operational',
      sensitivity: 'internal',
      cadence: { kind: 'realtime' },
      retention: 'P1Y',
      schemaFields: [{ name: 'id', type: 'string' }],
    };
    const validated = validateImport(json([minimal]), pureContext);
    expect(validated.rows[0]?.errors).toEqual([]);
    expect(validated.rows[0]?.draft).toMatchObject({
      holder: 'Acme Health',
      status: 'active',
      schemaFields: [
        { name: 'id', type: 'string', personalData: false, classification: 'internal' },
      ],
    });
  });

  it('numbers items from 1 and names fields by path', () => {
    const ws = newWorkspace();
    const preview = previewImport(
      ws,
      json([draftAt(1), { ...draftAt(2), colour: 'red', title: 7 }, 'not an object']),
    );
    expect(preview.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [2, 'colour', 'field.unknown'],
      [2, 'title', 'value.invalid'],
      [3, '', 'value.invalid'],
    ]);
  });

  it('refuses dangerous keys, deep nesting, bad syntax and the wrong shape', () => {
    const ws = newWorkspace();
    const fileRule = (content: string) =>
      previewImport(ws, { format: 'json', fileName: 'x.json', content }).fileErrors[0]?.rule;
    expect(fileRule('[{"__proto__": {"admin": true}}]')).toBe('file.forbidden_key');
    expect(fileRule('[{"identifier": "x", "constructor": {}}]')).toBe('file.forbidden_key');
    expect(fileRule('['.repeat(40) + ']'.repeat(40))).toBe('file.too_deep');
    expect(fileRule('[{"identifier": "x",}]')).toBe('file.syntax');
    expect(fileRule('[{"a": 1, "a": 2}]')).toBe('file.syntax');
    expect(fileRule('{"rows": []}')).toBe('file.shape');
    expect(fileRule('[]')).toBe('file.empty');
    const located = previewImport(ws, {
      format: 'json',
      fileName: 'x.json',
      content: '[\n{"identifier": "x"\n oops}]',
    });
    expect(located.fileErrors[0]?.message).toMatch(/line 3/);
  });
});

describe('catalog import: commit', () => {
  const mixed = () =>
    csv(
      csvOf([
        draftAt(1),
        draftAt(2, { category: 'nowhere' }),
        draftAt(3),
        draftAt(4, { retention: 'P9Y' }),
        draftAt(5),
      ]),
    );

  it('refuses a file with invalid rows and writes nothing', () => {
    const ws = newWorkspace();
    const size = ws.ledger.size;
    let refused: unknown;
    try {
      commitImport(ws, mixed(), []);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'IMPORT_INVALID',
      issues: [
        { path: 'row 3 / category', message: expect.stringContaining('nowhere') as string },
        { path: 'row 5 / retention', message: expect.any(String) as string },
      ],
    });
    expect((refused as AppError).message).toMatch(/rows 3, 5/);
    expect(ws.ledger.size).toBe(size);
    expect(countDatasets(ws)).toBe(0);
    // Excluding only one of the two invalid rows is still refused.
    expect(thrownCode(() => commitImport(ws, mixed(), [3]))).toBe('IMPORT_INVALID');
    expect(ws.ledger.size).toBe(size);
  });

  it('with the invalid rows excluded, writes exactly the good rows, one ledger entry each', () => {
    const ws = newWorkspace();
    const size = ws.ledger.size;
    const result = commitImport(ws, mixed(), [3, 5]);
    expect(result).toEqual({ created: 3, excluded: 2, firstSeq: size, lastSeq: size + 2 });
    expect(ws.ledger.size).toBe(size + 3);
    expect(ledgerTypes(ws, size, size + 2)).toEqual(Array(3).fill('dataset.created'));
    expect(countDatasets(ws)).toBe(3);
    expect(findDatasetByIdentifier(ws, ws.node.nodeId, 'ds-00003')).toMatchObject({
      ...draftAt(3),
      ownerNode: ws.node.nodeId,
      version: 1,
    });
    expect(findDatasetByIdentifier(ws, ws.node.nodeId, 'ds-00002')).toBeUndefined();
    // The same file again: every row now clashes with the catalog.
    expect(previewImport(ws, mixed()).invalidRows).toEqual([2, 3, 4, 5, 6]);
  });

  it('imports one copy of a duplicated identifier when the others are left out', () => {
    const ws = newWorkspace();
    const file = csv(csvOf([draftAt(1), draftAt(1, { title: 'Second copy' }), draftAt(2)]));
    expect(previewImport(ws, file).invalidRows).toEqual([2, 3]);
    expect(thrownCode(() => commitImport(ws, file, []))).toBe('IMPORT_INVALID');
    expect(commitImport(ws, file, [3])).toMatchObject({ created: 2, excluded: 1 });
    expect(findDatasetByIdentifier(ws, ws.node.nodeId, 'ds-00001')?.title).toBe('Dataset 1');
  });

  it('may leave out valid rows too', () => {
    const ws = newWorkspace();
    expect(commitImport(ws, mixed(), [2, 3, 5, 6])).toMatchObject({ created: 1, excluded: 4 });
    expect(countDatasets(ws)).toBe(1);
  });

  it('needs the steward role', () => {
    const ws = newWorkspace({ organisation: 'Audit Co', operator: 'Ida', roles: ['auditor'] });
    expect(thrownCode(() => commitImport(ws, csv(csvOf([draftAt(1)])), []))).toBe('FORBIDDEN_ROLE');
  });
});

describe('catalog export → import', () => {
  it('neutralises formula cells in the export, and the import restores them', () => {
    const ws = newWorkspace();
    const risky = draftAt(1, {
      title: "=cmd|' /C calc'!A0",
      description: '+1',
      steward: '-2',
      holder: '@SUM(1)',
      tags: ['=HYPERLINK("http://evil.example")', 'fine'],
    });
    createDataset(ws, risky);
    const exported = exportCatalog(ws, 'csv');
    expect(exported.content.endsWith('\r\n')).toBe(true);
    const [header, row] = parse(exported.content);
    expect(header).toEqual([...datasetColumns]);
    const cell = (column: string) => row?.[datasetColumns.indexOf(column as never)];
    expect(cell('title')).toBe("'=cmd|' /C calc'!A0");
    expect(cell('description')).toBe("'+1");
    expect(cell('steward')).toBe("'-2");
    expect(cell('holder')).toBe("'@SUM(1)");
    expect(cell('tags')).toBe('\'=HYPERLINK("http://evil.example"); fine');
    for (const value of row ?? []) expect(value).not.toMatch(/^[=+\-@\t\r]/);

    const validated = validateImport(csv(exported.content), pureContext);
    expect(validated.rows[0]?.errors).toEqual([]);
    expect(validated.rows[0]?.draft).toEqual(risky);
  });

  // Printable text with the characters CSV, lists and formula defence care about.
  const tricky = fc.constantFrom(
    '=',
    '+',
    '-',
    '@',
    "'",
    '"',
    ',',
    ';',
    '|',
    '\\',
    ':',
    '\n',
    '\r\n',
    '\t',
    ' ',
    'é',
    '😀',
  );
  const textUnit = fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
  const text = (maxLength: number) =>
    fc
      .string({ unit: textUnit, maxLength })
      .map((value) => value.replaceAll('\u0000', '').replaceAll('\uFFFD', '').trim());
  const label = text(12).filter((value) => value.length > 0);

  interface Profile {
    id: string;
    sensitivities: Sensitivity[];
    cadences: CadenceKey[];
    maxDays: number;
    personal: boolean;
  }
  // What the template charter allows per category.
  const profiles: Profile[] = [
    {
      id: 'open-reference',
      sensitivities: [...sensitivitySchema.options],
      cadences: ['realtime', 'daily'],
      maxDays: 5 * 365,
      personal: false,
    },
    {
      id: 'operational',
      sensitivities: ['internal', 'confidential', 'restricted'],
      cadences: ['realtime', 'hourly', 'daily'],
      maxDays: 730,
      personal: false,
    },
    {
      id: 'commercial',
      sensitivities: ['confidential', 'restricted'],
      cadences: ['monthly', 'quarterly'],
      maxDays: 7 * 365,
      personal: false,
    },
    {
      id: 'personal',
      sensitivities: ['restricted'],
      cadences: ['daily', 'weekly'],
      maxDays: 90,
      personal: true,
    },
  ];
  const rank = (s: Sensitivity) => sensitivitySchema.options.indexOf(s);

  // Built once per (category, sensitivity): building arbitraries inside `chain` is slow.
  const identifierArb = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,20}$/);
  const distributionArb = fc.record({
    kind: fc.constantFrom('file', 'api'),
    url: fc
      .tuple(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.constantFrom('', ';v=1', '|x', '\\y'),
      )
      .map(([url, suffix]) => url + suffix),
    format: text(12),
  });
  const fieldNameArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
  const draftArbFor = (profile: Profile, sensitivity: Sensitivity) =>
    fc
      .record({
        identifier: identifierArb,
        title: label,
        description: text(60),
        category: fc.constant(profile.id),
        holder: label,
        sensitivity: fc.constant(sensitivity),
        status: fc.constantFrom('active', 'deprecated', 'retired'),
        steward: text(20),
        cadence: fc.constantFrom(...profile.cadences).map(cadenceOfKey),
        retention: fc.integer({ min: 1, max: profile.maxDays }).map((days) => `P${days}D`),
        distributions: fc.array(distributionArb, { maxLength: 3 }),
        schemaFields: fc.uniqueArray(
          fc.record({
            name: fieldNameArb,
            type: fc.constantFrom('string', 'integer', 'date', 'geometry', 'json'),
            personalData: profile.personal ? fc.boolean() : fc.constant(false),
            classification: fc.constantFrom(
              ...sensitivitySchema.options.filter((s) => rank(s) <= rank(sensitivity)),
            ),
          }),
          { maxLength: 4, selector: (field) => field.name.toLowerCase() },
        ),
        pushers: fc.uniqueArray(label, { maxLength: 3 }),
        formats: fc.uniqueArray(label, { maxLength: 3 }),
        tags: fc.uniqueArray(label, { maxLength: 4 }),
      })
      .map((draft) => datasetDraftSchema.safeParse(draft))
      .filter((parsed) => parsed.success)
      .map((parsed) => parsed.data);
  const draftArb = fc.oneof(
    ...profiles.flatMap((profile) =>
      profile.sensitivities.map((sensitivity) => draftArbFor(profile, sensitivity)),
    ),
  );

  it('round-trips random valid drafts through CSV with no errors (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(draftArb, { minLength: 1, maxLength: 5, selector: (d) => d.identifier }),
        (drafts) => {
          const validated = validateImport(csv(csvOf(drafts)), pureContext);
          expect(validated.fileErrors).toEqual([]);
          expect(validated.rows.flatMap((row) => row.errors)).toEqual([]);
          expect(validated.rows.map((row) => row.draft)).toEqual(drafts);
        },
      ),
      { numRuns: 200 },
    );
  });
});
