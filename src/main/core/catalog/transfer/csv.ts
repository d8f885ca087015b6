import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV as spreadsheets read and write it (RFC 4180: comma-separated, double-quoted where
 * needed, CRLF between records, UTF-8), with the spreadsheet formula-injection defence.
 */

/**
 * A cell a spreadsheet could run as a formula starts with one of these (OWASP, "CSV
 * Injection"): =, +, -, @, tab or carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Any number of apostrophes, then a formula start: what a neutralised cell looks like. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/**
 * Makes a spreadsheet show the cell as text: a cell that starts like a formula gets a leading
 * apostrophe. So that `restoreCell` is its exact inverse, a value that already looks
 * neutralised (apostrophes, then a formula start) gets one more apostrophe too.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) || NEUTRALISED.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCell`: drops the one leading apostrophe it added, and nothing else. */
export function restoreCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field as RFC 4180 writes it: quoted (quotes doubled) when it holds , " CR or LF. */
function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One record, neutralised and quoted, with its CRLF. */
export function formatCsvRecord(cells: readonly string[]): string {
  return cells.map((cell) => quoteField(neutraliseCell(cell))).join(',') + '\r\n';
}

export type CsvParseOutcome =
  | { ok: true; records: string[][]; truncated: boolean }
  | { ok: false; line: number; message: string };

export interface CsvParseOptions {
  /** Stop after this many records; `truncated` says whether there were more. */
  maxRecords: number;
  /** The longest record accepted, in characters (a guard against a file with no line breaks). */
  maxRecordChars: number;
}

/**
 * Reads CSV text into records of raw cells (not yet restored: see `restoreCell`). A UTF-8 byte
 * order mark is skipped. Records keep their own cell counts: checking them is the caller's job,
 * so it can name the row. Syntax errors come back located by line.
 */
export function parseCsv(text: string, options: CsvParseOptions): CsvParseOutcome {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: options.maxRecordChars,
      to: options.maxRecords + 1,
    });
  } catch (error) {
    if (error instanceof CsvError) return describeCsvError(text, error);
    throw error;
  }
  const truncated = records.length > options.maxRecords;
  return {
    ok: true,
    records: truncated ? records.slice(0, options.maxRecords) : records,
    truncated,
  };
}

function describeCsvError(
  text: string,
  error: CsvError,
): { ok: false; line: number; message: string } {
  const line = typeof error.lines === 'number' ? error.lines : 0;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      // csv-parse reports where the text ended; people need where the quote opened.
      const opened = unclosedQuoteLine(text) ?? line;
      return {
        ok: false,
        line: opened,
        message: `A quoted cell that starts on line ${opened} is never closed: add the missing closing " (or double a quote inside the cell as "").`,
      };
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
      return {
        ok: false,
        line,
        message: `Line ${line} has text right after a closing quote; inside a quoted cell, write a quote as "".`,
      };
    case 'INVALID_OPENING_QUOTE':
      return {
        ok: false,
        line,
        message: `Line ${line} has a quote inside an unquoted cell; quote the whole cell and write the quote as "".`,
      };
    case 'CSV_MAX_RECORD_SIZE':
      return {
        ok: false,
        line,
        message: `Line ${line} is longer than any catalog row can be; is this a CSV file?`,
      };
    default:
      return {
        ok: false,
        line,
        message: `The CSV cannot be read at line ${line}: ${error.message}`,
      };
  }
}

/** The line on which the quoted field left open at the end of the text starts, if any. */
function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let inQuotes = false;
  let openedOn = 0;
  let fieldStart = true;
  for (let i = text.startsWith('\ufeff') ? 1 : 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x0a) line++;
    if (inQuotes) {
      if (char === 0x22) {
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (char === 0x22 && fieldStart) {
      inQuotes = true;
      openedOn = line;
    }
    fieldStart = char === 0x2c || char === 0x0a || char === 0x0d;
  }
  return inQuotes ? openedOn : undefined;
}
