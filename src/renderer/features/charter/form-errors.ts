import { get } from 'react-hook-form';
import { firstErrorMessage } from '../../ui/error-messages';

/** One problem in the form, at a dotted path such as `categories.2.maxAccess.standard`. */
export interface FormIssue {
  path: string;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The first message at `path` or below it (a list field shows its first item's problem). */
export function errorAt(errors: unknown, path: string): string | undefined {
  return firstErrorMessage(get(errors, path));
}

/**
 * The message about the list at `path` itself ("Define at least two access levels", a
 * duplicate id), not about its items: resolvers put it on the node or on its `root`.
 */
export function listErrorAt(errors: unknown, path: string): string | undefined {
  const node: unknown = get(errors, path);
  if (!isRecord(node)) return undefined;
  if (typeof node.message === 'string' && node.message !== '') return node.message;
  const root = node.root;
  if (isRecord(root) && typeof root.message === 'string' && root.message !== '') {
    return root.message;
  }
  return undefined;
}

/** Every message in a react-hook-form error tree with the path it belongs to. */
export function collectIssues(errors: unknown, prefix = ''): FormIssue[] {
  if (!isRecord(errors)) return [];
  const issues: FormIssue[] = [];
  if (typeof errors.message === 'string' && errors.message !== '') {
    issues.push({ path: prefix, message: errors.message });
  }
  for (const [key, value] of Object.entries(errors)) {
    // `ref` is a DOM element; `types` repeats messages; `type` and `message` are the node's own.
    if (key === 'ref' || key === 'types' || key === 'type' || key === 'message') continue;
    const path = key === 'root' ? prefix : prefix === '' ? key : `${prefix}.${key}`;
    issues.push(...collectIssues(value, path));
  }
  return issues;
}
