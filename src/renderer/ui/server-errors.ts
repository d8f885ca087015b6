import type { InputIssue } from '../../shared/errors';
import type { RpcError } from '../api/client';

/**
 * Puts the issues of a refused call onto the form fields they name (`draft.tags.2` → `tags`)
 * and returns the ones no field can show, for the banner.
 */
export function applyServerIssues<F extends string>(
  error: RpcError,
  fields: readonly F[],
  setFieldError: (field: F, message: string) => void,
  prefix = '',
): InputIssue[] {
  const unplaced: InputIssue[] = [];
  const placed = new Set<F>();
  for (const issue of error.issues ?? []) {
    const path = issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path;
    const field = fields.find((name) => path === name || path.startsWith(`${name}.`));
    if (field === undefined) {
      unplaced.push(issue);
    } else if (!placed.has(field)) {
      // The first issue per field is the one to fix first; the rest would only repeat it.
      placed.add(field);
      setFieldError(field, issue.message);
    }
  }
  return unplaced;
}
