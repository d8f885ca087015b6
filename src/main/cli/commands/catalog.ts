import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import {
  exportFormatSchema,
  type ImportError,
  type ImportFormat,
  importFormatSchema,
  type ImportPreview,
  type ImportResult,
  MAX_IMPORT_BYTES,
} from '../../../shared/domain/catalog-transfer';
import { exportCatalog } from '../../core/catalog/transfer/catalog-export';
import { commitImport, previewImport } from '../../core/catalog/transfer/catalog-import';
import { Workspace } from '../../core/workspace/workspace';
import { parseCommandArgs, requireOption } from '../args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../cli-error';
import { type CliIo, printJson } from '../io';

export const catalogHelp = `concordat catalog <subcommand> ...

  catalog import FILE --db PATH [--dry-run] [--exclude-invalid] [--format csv|json] [--json]
      Checks every row of FILE (CSV with a header row, or JSON) against the dataset rules, the
      governing charter and the catalog, then adds the datasets in one transaction with one
      ledger entry each. Any invalid row refuses the whole import, unless --exclude-invalid
      leaves the invalid rows out. --dry-run checks and reports, and writes nothing. The
      format comes from the file's extension unless --format names it.
  catalog export --format csv|dcat --db PATH [--out FILE]
      Writes this node's datasets as CSV (the columns import reads) or as DCAT 3 JSON-LD, to
      FILE or to standard output.

CSV columns: identifier, title, category, sensitivity, cadence, retention (required);
description, holder, steward, status, formats, tags, pushers, distributions, schema_fields.
Lists are separated by ";". Exit codes: 0 imported (or a dry run that would import),
1 refused, 2 bad usage or a file that cannot be read.`;

const MB = 1024 * 1024;
const READ_CHUNK_BYTES = 4 * MB;

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // RFC 3629 §4: the lead byte fixes the length and the range of the first continuation.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) {
        return i;
      }
    }
    i += length;
  }
  return undefined;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Reads the file as bytes, refusing one over the import limit before reading it (and, should
 * it grow meanwhile, as soon as it passes the limit), then decodes it as strict UTF-8 so a
 * wrong encoding is reported where it is, not imported as replacement characters.
 */
function readImportFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`catalog import: cannot read ${path}: ${(error as Error).message}`);
  }
  const tooLarge = (size: string) =>
    new UsageError(
      `catalog import: ${path} is ${size}; the import limit is ${MAX_IMPORT_BYTES / MB} MB. Split it into smaller files.`,
    );
  const chunks: Buffer[] = [];
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`catalog import: ${path} is not a file.`);
    if (stat.size > MAX_IMPORT_BYTES) throw tooLarge(`${(stat.size / MB).toFixed(1)} MB`);
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > MAX_IMPORT_BYTES) throw tooLarge(`over ${MAX_IMPORT_BYTES / MB} MB`);
    }
  } finally {
    closeSync(fd);
  }
  return decodeImportFile(path, Buffer.concat(chunks));
}

function decodeImportFile(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const utf16 =
      (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const offset = firstInvalidUtf8(bytes) ?? 0;
    const where = `byte ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}) on line ${lineOfOffset(bytes, offset)}`;
    throw new UsageError(
      utf16
        ? `catalog import: ${path} is UTF-16 text, not UTF-8. Save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again.`
        : `catalog import: ${path} is not UTF-8 text: ${where} is not valid UTF-8. Save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again.`,
    );
  }
}

function formatOf(file: string, given: string | undefined): ImportFormat {
  if (given !== undefined) {
    const parsed = importFormatSchema.safeParse(given);
    if (!parsed.success) throw new UsageError('catalog import: --format must be csv or json.');
    return parsed.data;
  }
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new UsageError(
    `catalog import: cannot tell the format of ${basename(file)} from its name; pass --format csv or --format json.`,
  );
}

/** Shows control characters from the file as \xNN, so a message cannot drive the terminal. */
function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      code < 0x20 || (code >= 0x7f && code < 0xa0)
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : char;
  }
  return out;
}

export function describeImportError(error: ImportError): string {
  const where = error.row === 0 ? 'file' : `row ${error.row}`;
  const column = error.column === '' ? '' : `, column ${printable(error.column)}`;
  return `${where}${column}: ${printable(error.message)} [${error.rule}]`;
}

function printErrors(io: CliIo, preview: ImportPreview): void {
  for (const error of [...preview.fileErrors, ...preview.errors])
    io.err(describeImportError(error));
  const unlisted = preview.errorCount - preview.errors.length;
  if (unlisted > 0) io.err(`... and ${unlisted} more errors.`);
}

interface ImportOutcome {
  code: number;
  summary: string;
  result: ImportResult | null;
}

function runImportChecked(
  workspace: Workspace,
  preview: ImportPreview,
  source: Parameters<typeof commitImport>[1],
  options: { dryRun: boolean; excludeInvalid: boolean },
): ImportOutcome {
  const invalid = preview.invalidRows.length;
  if (preview.fileErrors.length > 0) {
    // A file that cannot import is bad input; a workspace without a charter is not.
    const onlyCharter = preview.fileErrors.every((error) => error.rule === 'charter.unpublished');
    return {
      code: onlyCharter ? EXIT_FAILED : EXIT_USAGE,
      summary: `Refused: ${source.fileName} cannot be imported; nothing was written.`,
      result: null,
    };
  }
  if (invalid > 0 && !options.excludeInvalid) {
    return {
      code: EXIT_FAILED,
      summary: `Refused: ${invalid} of ${preview.totalRows} rows have errors; fix them, or pass --exclude-invalid to import the ${preview.validRows} valid rows. Nothing was written.`,
      result: null,
    };
  }
  if (preview.validRows === 0) {
    return {
      code: EXIT_FAILED,
      summary: 'Refused: no row is valid, so there is nothing to import.',
      result: null,
    };
  }
  const leftOut = invalid > 0 ? ` (${invalid} invalid rows left out)` : '';
  if (options.dryRun) {
    return {
      code: EXIT_OK,
      summary: `Dry run: ${preview.validRows} datasets would be imported${leftOut}; nothing was written.`,
      result: null,
    };
  }
  const result = commitImport(workspace, source, options.excludeInvalid ? preview.invalidRows : []);
  const entries =
    result.firstSeq === null ? '' : `; ledger entries ${result.firstSeq}–${result.lastSeq ?? ''}`;
  return {
    code: EXIT_OK,
    summary: `Imported ${result.created} datasets from ${source.fileName}${leftOut}${entries}.`,
    result,
  };
}

function runImport(argv: string[], io: CliIo): number {
  const { values, positionals } = parseCommandArgs(
    'catalog import',
    argv,
    {
      db: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'exclude-invalid': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) {
    throw new UsageError('catalog import: name exactly one FILE.');
  }
  const path = resolve(requireOption('catalog import', 'db', values.db));
  const format = formatOf(file, values.format);
  const source = { format, fileName: basename(file), content: readImportFile(resolve(file)) };
  const dryRun = values['dry-run'];
  const workspace = Workspace.open(path, { readOnly: dryRun });
  try {
    const preview = previewImport(workspace, source);
    const outcome = runImportChecked(workspace, preview, source, {
      dryRun,
      excludeInvalid: values['exclude-invalid'],
    });
    if (values.json) {
      const { sample: _sample, ...report } = preview;
      printJson(io, { ...report, dryRun, imported: outcome.result, exitCode: outcome.code });
    } else {
      printErrors(io, preview);
      if (outcome.code === EXIT_OK) io.out(outcome.summary);
      else io.err(outcome.summary);
    }
    return outcome.code;
  } finally {
    workspace.close();
  }
}

function runExport(argv: string[], io: CliIo): number {
  const { values } = parseCommandArgs('catalog export', argv, {
    db: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const format = exportFormatSchema.safeParse(values.format);
  if (!format.success) throw new UsageError('catalog export: --format must be csv or dcat.');
  const path = resolve(requireOption('catalog export', 'db', values.db));
  const workspace = Workspace.open(path, { readOnly: true });
  try {
    const exported = exportCatalog(workspace, format.data);
    if (values.out === undefined) io.out(exported.content);
    else {
      const out = resolve(values.out);
      writeFileSync(out, exported.content);
      io.out(`Exported ${exported.datasets} datasets to ${out}`);
    }
  } finally {
    workspace.close();
  }
  return EXIT_OK;
}

export function runCatalog(argv: string[], io: CliIo): number {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'import':
      return runImport(rest, io);
    case 'export':
      return runExport(rest, io);
    default:
      throw new UsageError(
        `catalog: unknown subcommand "${sub ?? ''}". See \`concordat help catalog\`.`,
      );
  }
}
