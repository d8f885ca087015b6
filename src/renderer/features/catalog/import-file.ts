import {
  MAX_IMPORT_BYTES,
  type ImportFormat,
  type ImportSource,
} from '../../../shared/domain/catalog-transfer';
import { formatCount } from '../../ui/format';

/** Why a chosen file was not sent to main at all; the message is for the user. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

const megabyte = 1024 * 1024;

function formatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/**
 * The file as main's import expects it: its format from the extension and its text decoded as
 * strict UTF-8. Oversized files are refused before a byte is read; a file that is not UTF-8 is
 * refused rather than imported with replacement characters in names and descriptions.
 */
export async function readImportFile(file: File): Promise<ImportSource> {
  const format = formatOf(file.name);
  if (format === null) {
    throw new ImportFileError(`${file.name} is not a .csv or .json file.`);
  }
  if (file.size > MAX_IMPORT_BYTES) {
    throw new ImportFileError(
      `${file.name} is ${formatCount(Math.ceil(file.size / megabyte))} MB; the catalog imports files up to ${formatCount(MAX_IMPORT_BYTES / megabyte)} MB. Split it into smaller files.`,
    );
  }
  const bytes = await file.arrayBuffer();
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError(
      `${file.name} is not UTF-8 text. Save it as “CSV UTF-8” (or JSON in UTF-8) and choose it again.`,
    );
  }
  return { format, fileName: file.name.slice(0, 255), content };
}
