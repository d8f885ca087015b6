import { checkDatasetAgainstCharter } from '../../../shared/domain/catalog-rules';
import type { CharterContent } from '../../../shared/domain/charter';
import type { DatasetDraft } from '../../../shared/domain/dataset';
import { AppError } from '../../../shared/errors';
import { getGoverningCharter } from '../charter/charter-queries';
import type { Workspace } from '../workspace/workspace';

/** The published charter the catalog answers to; without one there are no categories. */
export function requireGoverningCharter(ws: Workspace): {
  version: number;
  content: CharterContent;
} {
  const governing = getGoverningCharter(ws);
  if (!governing) {
    throw new AppError(
      'CHARTER_NOT_PUBLISHED',
      'No charter version is published yet, so there are no data categories to file datasets under. A governance lead publishes the charter first (Charter screen).',
    );
  }
  return governing;
}

/**
 * The policy step of the write path for datasets: a dataset that breaks the governing
 * charter is refused, each broken rule named at its field. Retired datasets are exempt, so a
 * steward can always retire one that a charter change left out of bounds.
 */
export function assertDatasetWithinCharter(ws: Workspace, draft: DatasetDraft): void {
  datasetPolicy(ws)(draft);
}

/** The same check for many drafts: the governing charter is read once. */
export function datasetPolicy(ws: Workspace): (draft: DatasetDraft) => void {
  const { version, content } = requireGoverningCharter(ws);
  return (draft) => {
    if (draft.status !== 'retired') refuseFindings(draft, version, content);
  };
}

function refuseFindings(draft: DatasetDraft, version: number, content: CharterContent): void {
  const findings = checkDatasetAgainstCharter(draft, content);
  if (findings.length === 0) return;
  throw new AppError(
    'CHARTER_VIOLATION',
    `${draft.identifier} breaks ${String(findings.length)} rule${findings.length === 1 ? '' : 's'} of charter version ${String(version)}: ${findings.map((f) => f.message).join(' ')}`,
    findings.map((finding) => ({ path: `draft.${finding.field}`, message: finding.message })),
  );
}
