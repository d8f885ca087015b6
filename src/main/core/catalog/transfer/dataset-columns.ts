import type { DatasetDraft, Distribution, SchemaField } from '../../../../shared/domain/dataset';
import {
  cadenceKey,
  type CadenceKey,
  cadenceKeySchema,
  cadenceOfKey,
  sensitivitySchema,
} from '../../../../shared/domain/governance-terms';

/**
 * The catalog's CSV columns and how each cell encodes its part of a dataset draft. Import and
 * export share this file, so whatever the export writes the import reads back unchanged.
 */
export const datasetColumns = [
  'identifier',
  'title',
  'description',
  'category',
  'holder',
  'steward',
  'status',
  'sensitivity',
  'cadence',
  'retention',
  'formats',
  'tags',
  'pushers',
  'distributions',
  'schema_fields',
] as const;
export type DatasetColumn = (typeof datasetColumns)[number];

/** A file without one of these cannot import; the others get defaults. */
export const requiredColumns = [
  'identifier',
  'title',
  'category',
  'sensitivity',
  'cadence',
  'retention',
] as const satisfies readonly DatasetColumn[];

const requiredSet: ReadonlySet<DatasetColumn> = new Set(requiredColumns);
const columnIndex = new Map(datasetColumns.map((column, index) => [column, index]));

export const fieldOfColumn = {
  identifier: 'identifier',
  title: 'title',
  description: 'description',
  category: 'category',
  holder: 'holder',
  steward: 'steward',
  status: 'status',
  sensitivity: 'sensitivity',
  cadence: 'cadence',
  retention: 'retention',
  formats: 'formats',
  tags: 'tags',
  pushers: 'pushers',
  distributions: 'distributions',
  schema_fields: 'schemaFields',
} as const satisfies Record<DatasetColumn, keyof DatasetDraft>;

const columnByField = new Map<string, DatasetColumn>(
  datasetColumns.map((column) => [fieldOfColumn[column], column]),
);

/** The column a draft field (or a path into it, `schemaFields.2.name`) is written in. */
export function columnOfField(path: string): DatasetColumn | undefined {
  return columnByField.get(path.split('.', 1)[0] ?? '');
}

/** Matches a header cell to a column: case-insensitive, surrounding spaces ignored. */
export function columnOfHeader(header: string): DatasetColumn | undefined {
  const name = header.trim().toLowerCase();
  return (datasetColumns as readonly string[]).includes(name) ? (name as DatasetColumn) : undefined;
}

/** What a dataset gets for a column the file leaves out, or a cell it leaves empty. */
export function draftDefaults(organisation: string) {
  return {
    description: '',
    holder: organisation,
    status: 'active',
    steward: '',
    formats: [],
    tags: [],
    pushers: [],
    distributions: [],
    schemaFields: [],
  } as const satisfies Partial<DatasetDraft>;
}

// ---- lists ---------------------------------------------------------------------------------
//
// A list cell separates its entries with `;`. Inside an entry a backslash escapes `;`, `|` and
// itself (`\;`, `\|`, `\\`); any other backslash is literal, so `C:\data` needs no escaping.

const ESCAPED = /\\([\\;|])/g;

function escapeEntry(text: string): string {
  return text.replace(/[\\;|]/g, (char) => `\\${char}`);
}

function unescapeEntry(text: string): string {
  return text.replace(ESCAPED, '$1');
}

/** Splits at each unescaped `separator`; the pieces keep their escapes. */
function splitUnescaped(text: string, separator: ';' | '|'): string[] {
  // Most cells hold no escapes at all.
  if (!text.includes('\\')) return text.split(separator);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' && /[\\;|]/.test(text[i + 1] ?? '')) i++;
    else if (char === separator) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** The raw entries of a list cell, trimmed, empty ones dropped, escapes kept. */
function rawEntries(cell: string): string[] {
  return splitUnescaped(cell, ';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export function encodeList(items: readonly string[]): string {
  return items.map(escapeEntry).join('; ');
}

export function decodeList(cell: string): string[] {
  return rawEntries(cell).map(unescapeEntry);
}

// ---- distributions: `kind:url[|format]; ...` -----------------------------------------------

export function encodeDistributions(distributions: readonly Distribution[]): string {
  return distributions
    .map(({ kind, url, format }) => {
      const entry = `${kind}:${escapeEntry(url)}`;
      return format === '' ? entry : `${entry}|${escapeEntry(format)}`;
    })
    .join('; ');
}

export interface CellProblem {
  column: DatasetColumn;
  rule: string;
  message: string;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function decodeDistributions(cell: string, problems: CellProblem[]): unknown[] {
  return rawEntries(cell).map((entry, index) => {
    const colon = entry.indexOf(':');
    const kind = colon > 0 ? entry.slice(0, colon).trim().toLowerCase() : '';
    if (kind !== 'file' && kind !== 'api') {
      problems.push({
        column: 'distributions',
        rule: 'value.invalid',
        message: `Entry ${index + 1} ("${shorten(unescapeEntry(entry))}") must start with its kind, file: or api:, as in api:https://api.example.org/v1|JSON.`,
      });
      return null;
    }
    const parts = splitUnescaped(entry.slice(colon + 1), '|');
    // With several bars, the format is after the last one (a URL may hold a bar, a format not).
    const format = parts.length > 1 ? (parts.pop() ?? '') : '';
    return {
      kind,
      url: unescapeEntry(parts.join('|')).trim(),
      format: unescapeEntry(format).trim(),
    };
  });
}

// ---- schema fields: `name:type[:personal][:classification]; ...` ---------------------------

export function encodeSchemaFields(fields: readonly SchemaField[]): string {
  return fields
    .map((field) =>
      [field.name, field.type, ...(field.personalData ? ['personal'] : []), field.classification]
        .map(escapeEntry)
        .join(':'),
    )
    .join('; ');
}

function decodeSchemaFields(
  cell: string,
  defaultClassification: string,
  problems: CellProblem[],
): unknown[] {
  return rawEntries(cell).map((entry, index) => {
    const [name = '', type = '', ...flags] = unescapeEntry(entry)
      .split(':')
      .map((part) => part.trim());
    const where = `Entry ${index + 1} ("${shorten(unescapeEntry(entry))}")`;
    if (type === '') {
      problems.push({
        column: 'schema_fields',
        rule: 'value.invalid',
        message: `${where} needs a type after the name, as in trip_id:string or rider_id:string:personal:confidential.`,
      });
      return null;
    }
    let personalData = false;
    let classification = defaultClassification;
    for (const flag of flags.map((part) => part.toLowerCase())) {
      if (flag === 'personal') personalData = true;
      else if (sensitivities.has(flag)) classification = flag;
      else {
        problems.push({
          column: 'schema_fields',
          rule: 'value.invalid',
          message: `${where}: "${flag}" is neither "personal" nor a sensitivity (${sensitivitySchema.options.join(', ')}).`,
        });
        return null;
      }
    }
    return { name, type: type.toLowerCase(), personalData, classification };
  });
}

const sensitivities: ReadonlySet<string> = new Set(sensitivitySchema.options);
const cadenceKeys: ReadonlySet<string> = new Set(cadenceKeySchema.options);
function isCadenceKey(key: string): key is CadenceKey {
  return cadenceKeys.has(key);
}

// ---- whole rows -----------------------------------------------------------------------------

/** One dataset as CSV cells, in `datasetColumns` order (not yet neutralised or quoted). */
export function encodeDatasetCells(draft: DatasetDraft): string[] {
  const cells: Record<DatasetColumn, string> = {
    identifier: draft.identifier,
    title: draft.title,
    description: draft.description,
    category: draft.category,
    holder: draft.holder,
    steward: draft.steward,
    status: draft.status,
    sensitivity: draft.sensitivity,
    cadence: cadenceKey(draft.cadence),
    retention: draft.retention,
    formats: encodeList(draft.formats),
    tags: encodeList(draft.tags),
    pushers: encodeList(draft.pushers),
    distributions: encodeDistributions(draft.distributions),
    schema_fields: encodeSchemaFields(draft.schemaFields),
  };
  return datasetColumns.map((column) => cells[column]);
}

/**
 * Turns a row's cells (by column; absent columns missing) into the input of the draft schema,
 * with defaults filled in. Cells that cannot even be decoded are reported as problems and left
 * out of the input (or at their default), so the schema does not report them a second time.
 */
export function decodeDatasetCells(
  cells: ReadonlyMap<DatasetColumn, string>,
  organisation: string,
): { input: Record<string, unknown>; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const defaults = draftDefaults(organisation);
  /** The cell's text, or (when empty) the fallback; an empty required cell is a problem. */
  const text = (column: DatasetColumn, fallback?: string): string | undefined => {
    const cell = cells.get(column) ?? '';
    if (cell.trim() !== '') return cell;
    if (requiredSet.has(column)) {
      problems.push({ column, rule: 'value.required', message: `${column} is required.` });
    }
    return fallback;
  };
  const word = (column: DatasetColumn, fallback?: string) =>
    text(column, fallback)?.trim().toLowerCase();
  /** Entries of a structured list; with an undecodable entry, the default (it is reported). */
  const entries = (column: DatasetColumn, decode: (cell: string) => unknown[]) => {
    const cell = text(column, '') ?? '';
    const before = problems.length;
    const decoded = cell === '' ? [] : decode(cell);
    return problems.length === before ? decoded : [];
  };
  const sensitivity = word('sensitivity');
  const classification =
    sensitivity !== undefined && sensitivities.has(sensitivity) ? sensitivity : 'internal';
  const cadence = word('cadence');
  if (cadence !== undefined && !isCadenceKey(cadence)) {
    problems.push({
      column: 'cadence',
      rule: 'value.invalid',
      message: `"${shorten(cadence)}" is not a cadence; use one of ${cadenceKeySchema.options.join(', ')}.`,
    });
  }
  // One object literal of fixed shape: far cheaper, row after row, than filling in keys.
  const input = {
    identifier: text('identifier'),
    title: text('title'),
    description: text('description', defaults.description),
    category: text('category'),
    holder: text('holder', defaults.holder),
    steward: text('steward', defaults.steward),
    status: word('status', defaults.status),
    sensitivity,
    cadence: cadence !== undefined && isCadenceKey(cadence) ? cadenceOfKey(cadence) : undefined,
    retention: text('retention')?.trim().toUpperCase(),
    formats: decodeList(text('formats', '') ?? ''),
    tags: decodeList(text('tags', '') ?? ''),
    pushers: decodeList(text('pushers', '') ?? ''),
    distributions: entries('distributions', (cell) => decodeDistributions(cell, problems)),
    schemaFields: entries('schema_fields', (cell) =>
      decodeSchemaFields(cell, classification, problems),
    ),
  };
  // Report in column order, whatever order the cells were decoded in.
  if (problems.length > 1) {
    problems.sort((a, b) => (columnIndex.get(a.column) ?? 0) - (columnIndex.get(b.column) ?? 0));
  }
  return { input, problems };
}
