import { readFileSync } from 'node:fs';
import { charterContentSchema, type CharterContent } from '../../../shared/domain/charter';
import { AppError } from '../../../shared/errors';
import { appPath } from '../paths/app-root';

export const CHARTER_TEMPLATE_FILE = 'charter-template.json';

/**
 * The default charter a new workspace starts from (resources/charter-template.json), parsed
 * with the same schema as any charter version: a broken template fails loudly at the first
 * use, never as a half-valid draft.
 */
export function loadCharterTemplate(
  path = appPath('resources', CHARTER_TEMPLATE_FILE),
): CharterContent {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppError('INTERNAL', `The charter template ${path} cannot be read.`, undefined, {
      cause: error,
    });
  }
  const parsed = charterContentSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'INTERNAL',
      `The charter template ${path} is not a valid charter: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}
