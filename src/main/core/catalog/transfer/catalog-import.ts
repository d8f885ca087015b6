import { Buffer } from 'node:buffer';
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { checkDatasetAgainstCharter } from '../../../../shared/domain/catalog-rules';
import {
  type ImportError,
  type ImportPreview,
  type ImportResult,
  type ImportSource,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  MAX_LISTED_IMPORT_ERRORS,
} from '../../../../shared/domain/catalog-transfer';
import type { CharterContent } from '../../../../shared/domain/charter';
import {
  type Dataset,
  type DatasetDraft,
  datasetDraftSchema,
} from '../../../../shared/domain/dataset';
import { cadenceKeySchema, cadenceOfKey } from '../../../../shared/domain/governance-terms';
import { AppError } from '../../../../shared/errors';
import { getGoverningCharter } from '../../charter/charter-queries';
import { requirePermission } from '../../commands/authorise';
import type { DomainEvent } from '../../commands/events';
import { execute } from '../../commands/execute';
import { all, qb } from '../../db/sql';
import { LedgerError } from '../../ledger/errors';
import type { JsonValue } from '../../ledger/json-value';
import { parseJsonStrict } from '../../ledger/strict-json';
import type { Workspace } from '../../workspace/workspace';
import { type Clock, systemClock } from '../catalog-commands';
import { parseCsv, restoreCell } from './csv';
import {
  type DatasetColumn,
  columnOfField,
  columnOfHeader,
  datasetColumns,
  decodeDatasetCells,
  draftDefaults,
  requiredColumns,
} from './dataset-columns';

/** What validation needs to know about the workspace; plain data, so validation stays pure. */
export interface ImportContext {
  /** The node's organisation: the holder of datasets that name none. */
  organisation: string;
  /** The governing charter's content; null before the first publication. */
  charter: CharterContent | null;
  /** Identifiers this node's catalog already uses. */
  existingIdentifiers: ReadonlySet<string>;
}

export interface ValidatedRow {
  /** Spreadsheet numbering: CSV header is row 1; JSON items count from 1. */
  row: number;
  identifier: string;
  title: string;
  category: string;
  /** The parsed draft, when the row passes the draft schema (it may still break charter rules). */
  draft: DatasetDraft | undefined;
  errors: ImportError[];
}

export interface ValidatedImport {
  /** The columns (CSV) or fields (JSON) the file gives, as the catalog names them. */
  columns: string[];
  rows: ValidatedRow[];
  /** Problems with the whole file; any of them stops the import. */
  fileErrors: ImportError[];
}

/** A row decoded from the file, before the schema and the charter look at it. */
interface DecodedRow {
  row: number;
  /** Input for the draft schema; null when the row could not be decoded at all. */
  input: Record<string, unknown> | null;
  errors: ImportError[];
}

interface DecodedFile {
  columns: string[];
  rows: DecodedRow[];
  fileErrors: ImportError[];
  /** Names an error's column: the CSV column for CSV, the field path for JSON. */
  columnOf: (fieldPath: string) => string;
}

const PREVIEW_SAMPLE_ROWS = 20;
/** Longer than any valid row can be (5,000-character description, 500 schema fields, ...). */
const MAX_CSV_RECORD_CHARS = 1024 * 1024;
const MAX_JSON_DEPTH = 32;
/** Issues attached to an IMPORT_INVALID refusal; the preview lists them all. */
const MAX_REFUSAL_ISSUES = 20;

function fileError(rule: string, message: string, column = ''): ImportError {
  return { row: 0, column, rule, message };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Refuses what is not text before parsing anything: content over the size limit (counted in
 * UTF-8 bytes, whatever the caller checked), and text that shows a failed or skipped decoding
 * (NUL bytes, as in binary files and UTF-16; U+FFFD replacement characters; unpaired
 * surrogates). The renderer and the CLI decode strictly, but main does not rely on that.
 */
function checkText(content: string): ImportError | undefined {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) {
    return fileError(
      'file.too_large',
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the import limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    );
  }
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i);
    if (code !== 0 && code < 0xd800) continue;
    const notUtf8 =
      code === 0 ||
      code === 0xfffd ||
      (code >= 0xd800 && code <= 0xdbff && !isLowSurrogate(content.charCodeAt(i + 1))) ||
      (code >= 0xdc00 && code <= 0xdfff && !isHighSurrogate(content.charCodeAt(i - 1)));
    if (notUtf8) {
      return fileError(
        'file.encoding',
        `The file is not UTF-8 text (line ${lineAt(content, i)} holds ${code === 0 ? 'a NUL byte' : 'bytes that are not UTF-8'}). Save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again.`,
      );
    }
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

// ---- CSV -----------------------------------------------------------------------------------

function decodeCsv(text: string, organisation: string): DecodedFile {
  const columnOf = (fieldPath: string) => columnOfField(fieldPath) ?? fieldPath;
  const failed = (error: ImportError): DecodedFile => ({
    columns: [],
    rows: [],
    fileErrors: [error],
    columnOf,
  });
  const parsed = parseCsv(text, {
    maxRecords: MAX_IMPORT_ROWS + 1,
    maxRecordChars: MAX_CSV_RECORD_CHARS,
  });
  if (!parsed.ok) return failed(fileError('file.syntax', parsed.message));
  if (parsed.truncated) {
    return failed(
      fileError(
        'file.too_many_rows',
        `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} dataset rows; split it into smaller files.`,
      ),
    );
  }
  const [header, ...records] = parsed.records;
  if (!header || header.every((cell) => cell.trim() === '')) {
    return failed(
      fileError(
        'file.empty',
        `The file is empty; its first row must name the columns (${requiredColumns.join(', ')}, ...).`,
      ),
    );
  }
  const { columns, fileErrors } = readHeader(header);
  if (fileErrors.length > 0) return { columns: [], rows: [], fileErrors, columnOf };

  const rows: DecodedRow[] = [];
  records.forEach((record, index) => {
    const row = index + 2;
    if (record.every((cell) => cell.trim() === '')) return;
    const extra = record.slice(columns.length);
    if (record.length < columns.length || extra.some((cell) => cell.trim() !== '')) {
      rows.push({
        row,
        input: null,
        errors: [
          {
            row,
            column: '',
            rule: 'csv.cell_count',
            message: `This row has ${record.length} cells; the header names ${columns.length} columns. A cell that holds a comma must be in double quotes.`,
          },
        ],
      });
      return;
    }
    const cells = new Map<DatasetColumn, string>();
    columns.forEach((column, at) => cells.set(column, restoreCell(record[at] ?? '')));
    const { input, problems } = decodeDatasetCells(cells, organisation);
    rows.push({
      row,
      input,
      errors: problems.map(({ column, rule, message }) => ({ row, column, rule, message })),
    });
  });
  return { columns, rows, fileErrors: [], columnOf };
}

function readHeader(cells: string[]): { columns: DatasetColumn[]; fileErrors: ImportError[] } {
  const fileErrors: ImportError[] = [];
  const columns: DatasetColumn[] = [];
  // Spreadsheets often save empty cells after the last column; their rows' extra cells must
  // then be empty too (the cell count check).
  let width = cells.length;
  while (width > 1 && (cells[width - 1] ?? '').trim() === '') width--;
  const header = cells.slice(0, width);
  const only = header.length === 1 ? (header[0] ?? '') : '';
  if (/[;\t]/.test(only)) {
    const separator = only.includes(';') ? 'semicolons' : 'tabs';
    return {
      columns,
      fileErrors: [
        fileError(
          'file.columns',
          `The header is one column, "${only.slice(0, 80)}": the file seems to separate cells with ${separator}. Save it as comma-separated CSV.`,
        ),
      ],
    };
  }
  header.forEach((name, index) => {
    const column = columnOfHeader(name);
    if (column === undefined) {
      fileErrors.push(
        fileError(
          'file.column_unknown',
          name.trim() === ''
            ? `Column ${index + 1} of the header has no name; the columns are ${datasetColumns.join(', ')}.`
            : `"${name.trim().slice(0, 80)}" is not a catalog column; the columns are ${datasetColumns.join(', ')}.`,
          name.trim(),
        ),
      );
    } else if (columns.includes(column)) {
      fileErrors.push(
        fileError(
          'file.column_duplicate',
          `The column "${column}" appears twice in the header.`,
          column,
        ),
      );
    }
    if (column) columns.push(column);
  });
  for (const required of requiredColumns) {
    if (!columns.includes(required)) {
      fileErrors.push(
        fileError(
          'file.column_missing',
          `The file has no "${required}" column; every import needs ${requiredColumns.join(', ')}.`,
          required,
        ),
      );
    }
  }
  return { columns, fileErrors };
}

// ---- JSON ----------------------------------------------------------------------------------

const draftFields = Object.keys(datasetDraftSchema.shape) as (keyof DatasetDraft)[];
const requiredFields = new Set<string>(requiredColumns);
const draftFieldSet = new Set<string>(draftFields);
/** Keys that mean trouble for any code that copies the object; refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function forbiddenKeyIn(value: JsonValue): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenKeyIn(item);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      const found = forbiddenKeyIn(inner);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function jsonSyntaxError(text: string, error: LedgerError): ImportError {
  const offset = /offset (\d+)/.exec(error.message)?.[1];
  const where = offset === undefined ? '' : ` (line ${lineAt(text, Number(offset))})`;
  const rule =
    error.code === 'JSON_FORBIDDEN_KEY'
      ? 'file.forbidden_key'
      : error.code === 'JSON_TOO_DEEP'
        ? 'file.too_deep'
        : 'file.syntax';
  return fileError(rule, `The JSON cannot be read${where}: ${error.message}.`);
}

function decodeJson(text: string, organisation: string): DecodedFile {
  const columnOf = (fieldPath: string) => fieldPath;
  const failed = (error: ImportError): DecodedFile => ({
    columns: [],
    rows: [],
    fileErrors: [error],
    columnOf,
  });
  let document: JsonValue;
  try {
    document = parseJsonStrict(text.startsWith('\ufeff') ? text.slice(1) : text, {
      maxDepth: MAX_JSON_DEPTH,
    });
  } catch (error) {
    if (error instanceof LedgerError) return failed(jsonSyntaxError(text, error));
    throw error;
  }
  const items = Array.isArray(document)
    ? document
    : isObject(document) && Object.keys(document).length === 1 && Array.isArray(document.datasets)
      ? document.datasets
      : undefined;
  if (items === undefined) {
    return failed(
      fileError(
        'file.shape',
        'The JSON must be an array of datasets, or an object { "datasets": [ ... ] }.',
      ),
    );
  }
  if (items.length > MAX_IMPORT_ROWS) {
    return failed(
      fileError(
        'file.too_many_rows',
        `The file has ${items.length.toLocaleString('en')} datasets; the limit is ${MAX_IMPORT_ROWS.toLocaleString('en')}. Split it into smaller files.`,
      ),
    );
  }
  const forbidden = forbiddenKeyIn(items);
  if (forbidden !== undefined) {
    return failed(
      fileError(
        'file.forbidden_key',
        `The JSON holds a "${forbidden}" key; such keys are refused.`,
      ),
    );
  }
  const seen = new Set<string>();
  const rows = items.map((item, index) => {
    if (isObject(item)) for (const key of Object.keys(item)) seen.add(key);
    return decodeJsonItem(item, index + 1, organisation);
  });
  return {
    columns: draftFields.filter((field) => seen.has(field)),
    rows,
    fileErrors: [],
    columnOf,
  };
}

/** One JSON item as schema input: the draft's own field names, defaults for what it omits. */
function decodeJsonItem(item: JsonValue, row: number, organisation: string): DecodedRow {
  if (!isObject(item)) {
    return {
      row,
      input: null,
      errors: [{ row, column: '', rule: 'value.invalid', message: 'This item is not an object.' }],
    };
  }
  const errors: ImportError[] = [];
  const input: Record<string, unknown> = { ...draftDefaults(organisation) };
  for (const [key, value] of Object.entries(item)) {
    if (!draftFieldSet.has(key)) {
      errors.push({
        row,
        column: key,
        rule: 'field.unknown',
        message: `"${key.slice(0, 80)}" is not a dataset field; the fields are ${draftFields.join(', ')}.`,
      });
    } else if (value !== null) {
      input[key] = value;
    }
  }
  for (const field of requiredFields) {
    if (item[field] === undefined || item[field] === null) {
      errors.push({ row, column: field, rule: 'value.required', message: `${field} is required.` });
    }
  }
  const cadence = input.cadence;
  if (typeof cadence === 'string') {
    const key = cadenceKeySchema.safeParse(cadence.trim().toLowerCase());
    if (key.success) input.cadence = cadenceOfKey(key.data);
    else {
      errors.push({
        row,
        column: 'cadence',
        rule: 'value.invalid',
        message: `"${cadence.slice(0, 60)}" is not a cadence; use one of ${cadenceKeySchema.options.join(', ')}, or an object such as { "kind": "periodic", "interval": "daily" }.`,
      });
      delete input.cadence;
    }
  }
  // Conveniences the CSV has too: a field is not personal, and as sensitive as its dataset,
  // unless it says otherwise; a distribution's format may be left out.
  if (Array.isArray(input.schemaFields)) {
    const classification = input.sensitivity;
    input.schemaFields = (input.schemaFields as JsonValue[]).map((field) =>
      isObject(field) ? { personalData: false, classification, ...field } : field,
    );
  }
  if (Array.isArray(input.distributions)) {
    input.distributions = (input.distributions as JsonValue[]).map((distribution) =>
      isObject(distribution) ? { format: '', ...distribution } : distribution,
    );
  }
  return { row, input, errors };
}

// ---- validation ----------------------------------------------------------------------------

const identifierSchema = datasetDraftSchema.shape.identifier;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const [, index, ...rest] = issue.path;
  if (typeof index !== 'number') return issue.message;
  const inner = rest.length > 0 ? ` ${rest.map(String).join('.')}` : '';
  return `Entry ${index + 1}${inner}: ${issue.message}`;
}

function rowList(rows: number[]): string {
  return rows.length === 1 ? `row ${rows[0] ?? ''}` : `rows ${rows.join(', ')}`;
}

/**
 * Checks every row of an import file against the draft schema, the governing charter, the
 * other rows and the catalog. Pure: preview and commit both call it, and commit calls it again
 * inside its transaction rather than trusting any earlier verdict.
 */
export function validateImport(
  source: ImportSource,
  context: ImportContext,
  /** Rows left out of the import: they do not count as copies of another row's identifier. */
  excluded: ReadonlySet<number> = new Set(),
): ValidatedImport {
  return withIdentifierChecks(validateRows(source, context), context, excluded);
}

/** Adds the checks that depend on which rows are left out, to a copy of the row checks. */
function withIdentifierChecks(
  checked: ValidatedImport & { identifierColumn: string },
  context: ImportContext,
  excluded: ReadonlySet<number>,
): ValidatedImport {
  const rows = checked.rows.map((row) => ({ ...row, errors: [...row.errors] }));
  checkIdentifiers(rows, context.existingIdentifiers, excluded, checked.identifierColumn);
  return { columns: checked.columns, rows, fileErrors: checked.fileErrors };
}

/** Decodes the file and checks each row on its own: schema and charter rules. */
function validateRows(
  source: ImportSource,
  context: ImportContext,
): ValidatedImport & { identifierColumn: string } {
  const textProblem = checkText(source.content);
  if (textProblem) {
    return { columns: [], rows: [], fileErrors: [textProblem], identifierColumn: 'identifier' };
  }
  const decoded =
    source.format === 'csv'
      ? decodeCsv(source.content, context.organisation)
      : decodeJson(source.content, context.organisation);
  const identifierColumn = decoded.columnOf('identifier');
  if (decoded.fileErrors.length > 0) {
    return { columns: decoded.columns, rows: [], fileErrors: decoded.fileErrors, identifierColumn };
  }
  const fileErrors: ImportError[] = [];
  if (decoded.rows.length === 0) {
    fileErrors.push(fileError('file.empty', 'The file has a header but no dataset rows.'));
  }
  if (context.charter === null) {
    fileErrors.push(
      fileError(
        'charter.unpublished',
        "No charter is published yet, so the datasets' categories cannot be checked. Publish the charter, then import.",
        decoded.columnOf('category'),
      ),
    );
  }
  const categories = new Set(context.charter?.categories.map((category) => category.id));

  const rows = decoded.rows.map(({ row, input, errors }): ValidatedRow => {
    const validated: ValidatedRow = {
      row,
      identifier: text(input?.identifier),
      title: text(input?.title),
      category: text(input?.category),
      draft: undefined,
      errors: [...errors],
    };
    if (input === null) return validated;
    const columnsWithErrors = new Set(errors.map((error) => error.column));
    const parsed = datasetDraftSchema.safeParse(input);
    if (parsed.success) {
      validated.draft = parsed.data;
      // As the write path's policy does, retired datasets are exempt: a catalog moved from
      // elsewhere may keep its retired records, whatever the charter now says.
      if (context.charter && parsed.data.status !== 'retired') {
        for (const finding of checkDatasetAgainstCharter(parsed.data, context.charter)) {
          validated.errors.push({
            row,
            column: decoded.columnOf(finding.field),
            rule: finding.rule,
            message: finding.message,
          });
        }
      }
      return validated;
    }
    for (const issue of parsed.error.issues) {
      const column = decoded.columnOf(issue.path.map(String).join('.'));
      // A cell already reported as undecodable is missing from the input; say so only once.
      if (columnsWithErrors.has(decoded.columnOf(String(issue.path[0] ?? '')))) continue;
      validated.errors.push({ row, column, rule: 'value.invalid', message: describeIssue(issue) });
    }
    // The category can be checked on its own, so the user sees that problem in this pass too.
    const retired = text(input.status) === 'retired';
    if (
      context.charter &&
      !retired &&
      validated.category !== '' &&
      !categories.has(validated.category)
    ) {
      validated.errors.push({
        row,
        column: decoded.columnOf('category'),
        rule: 'category.known',
        message: `"${validated.category}" is not a data category of the governing charter.`,
      });
    }
    return validated;
  });

  return { columns: decoded.columns, rows, fileErrors, identifierColumn };
}

/** Each identifier once in the file (every copy names the others) and new to the catalog. */
function checkIdentifiers(
  rows: ValidatedRow[],
  existing: ReadonlySet<string>,
  excluded: ReadonlySet<number>,
  column: string,
): void {
  const rowsByIdentifier = new Map<string, number[]>();
  for (const row of rows) {
    if (excluded.has(row.row)) continue;
    // A parsed draft has a valid identifier; otherwise the identifier may still be fine.
    if (!row.draft && !identifierSchema.safeParse(row.identifier).success) continue;
    const list = rowsByIdentifier.get(row.identifier);
    if (list) list.push(row.row);
    else rowsByIdentifier.set(row.identifier, [row.row]);
  }
  for (const row of rows) {
    const same = rowsByIdentifier.get(row.identifier);
    if (!same) continue;
    if (same.length > 1) {
      row.errors.push({
        row: row.row,
        column,
        rule: 'identifier.unique_in_file',
        message: `"${row.identifier}" is in the file more than once: also on ${rowList(same.filter((other) => other !== row.row))}.`,
      });
    }
    if (existing.has(row.identifier)) {
      row.errors.push({
        row: row.row,
        column,
        rule: 'identifier.unique',
        message: `A dataset with identifier "${row.identifier}" already exists in this catalog.`,
      });
    }
  }
}

// ---- the workspace side --------------------------------------------------------------------

function importContext(ws: Workspace): ImportContext {
  const identifiers = all(
    ws.sqlite,
    qb.selectFrom('dataset').select('identifier').where('owner_node', '=', ws.node.nodeId),
  ).map((row) => row.identifier);
  return {
    organisation: ws.node.organisation,
    charter: getGoverningCharter(ws)?.content ?? null,
    existingIdentifiers: new Set(identifiers),
  };
}

export function summariseImport(source: ImportSource, validated: ValidatedImport): ImportPreview {
  const invalid = validated.rows.filter((row) => row.errors.length > 0);
  const errors: ImportError[] = [];
  let errorCount = 0;
  for (const row of invalid) {
    errorCount += row.errors.length;
    for (const error of row.errors) {
      if (errors.length >= MAX_LISTED_IMPORT_ERRORS) break;
      errors.push(error);
    }
  }
  return {
    fileName: source.fileName,
    format: source.format,
    columns: validated.columns,
    totalRows: validated.rows.length,
    validRows: validated.rows.length - invalid.length,
    invalidRows: invalid.map((row) => row.row),
    errors,
    errorCount,
    fileErrors: validated.fileErrors,
    sample: validated.rows.slice(0, PREVIEW_SAMPLE_ROWS).map((row) => ({
      row: row.row,
      identifier: row.identifier,
      title: row.title,
      category: row.category,
      valid: row.errors.length === 0,
    })),
  };
}

/**
 * The row checks of the file last previewed on each workspace. A commit of the same bytes, with
 * nothing written to the workspace since (the ledger has not grown: no charter, catalog or
 * other change), reuses them instead of checking 10,000 rows twice. They are main's own
 * results, kept in main; nothing the renderer says is trusted.
 */
const lastPreview = new WeakMap<
  Workspace,
  { key: string; checked: ReturnType<typeof validateRows> }
>();

function previewKey(ws: Workspace, source: ImportSource): string {
  const digest = createHash('sha256').update(source.format).update('\0').update(source.content);
  return `${String(ws.ledger.size)}:${digest.digest('hex')}`;
}

function checkedRows(ws: Workspace, source: ImportSource, context: ImportContext) {
  const key = previewKey(ws, source);
  const cached = lastPreview.get(ws);
  if (cached?.key === key) return cached.checked;
  const checked = validateRows(source, context);
  lastPreview.set(ws, { key, checked });
  return checked;
}

/** What importing `source` would do: every row checked, nothing written. */
export function previewImport(ws: Workspace, source: ImportSource): ImportPreview {
  const context = importContext(ws);
  return summariseImport(
    source,
    withIdentifierChecks(checkedRows(ws, source, context), context, new Set()),
  );
}

function refusal(fileErrors: ImportError[], blocking: ImportError[], rows: number[]): AppError {
  const issues = [...fileErrors, ...blocking].slice(0, MAX_REFUSAL_ISSUES).map((error) => ({
    path:
      error.row === 0
        ? `file${error.column ? ` / ${error.column}` : ''}`
        : `row ${error.row}${error.column ? ` / ${error.column}` : ''}`,
    message: error.message,
  }));
  const first = fileErrors[0];
  const message = first
    ? `The file cannot be imported: ${first.message} Nothing was imported.`
    : `${rows.length === 1 ? 'One row has' : `${rows.length} rows have`} errors and ${rows.length === 1 ? 'is' : 'are'} not excluded (${rowList(rows.slice(0, 10))}${rows.length > 10 ? ', ...' : ''}). Fix or exclude ${rows.length === 1 ? 'it' : 'them'}; nothing was imported.`;
  return new AppError('IMPORT_INVALID', message, issues);
}

/**
 * Imports every valid row not in `exclude`, in one transaction: one `dataset.created` ledger
 * entry per dataset, or nothing at all. The file is validated again here, against the state
 * the transaction sees; any invalid row that is not excluded, or any file error, refuses it.
 */
export function commitImport(
  ws: Workspace,
  source: ImportSource,
  exclude: readonly number[],
  clock: Clock = systemClock,
): ImportResult {
  requirePermission(ws.actor, 'catalog.write', 'Importing datasets');
  const excluded = new Set(exclude);
  return execute(ws, () => {
    const context = importContext(ws);
    const validated = withIdentifierChecks(checkedRows(ws, source, context), context, excluded);
    const blockingRows = validated.rows.filter(
      (row) => row.errors.length > 0 && !excluded.has(row.row),
    );
    if (validated.fileErrors.length > 0 || blockingRows.length > 0) {
      throw refusal(
        validated.fileErrors,
        blockingRows.flatMap((row) => row.errors),
        blockingRows.map((row) => row.row),
      );
    }
    const now = clock.now();
    const events: DomainEvent[] = [];
    for (const row of validated.rows) {
      if (excluded.has(row.row) || !row.draft) continue;
      const dataset: Dataset = {
        ...row.draft,
        id: randomUUID(),
        ownerNode: ws.node.nodeId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      events.push({ type: 'dataset.created', payload: dataset });
    }
    lastPreview.delete(ws);
    // execute appends the events in order right after this returns, in this transaction.
    const firstSeq = ws.ledger.size;
    return {
      events,
      result: {
        created: events.length,
        excluded: validated.rows.length - events.length,
        firstSeq: events.length > 0 ? firstSeq : null,
        lastSeq: events.length > 0 ? firstSeq + events.length - 1 : null,
      },
    };
  });
}
