import type { Role } from '../../../shared/domain/roles';

/** What each role may do; main enforces it, this only explains it. */
export const roleDescriptions: Record<Role, string> = {
  lead: 'Edits the data-sharing charter and approves its versions.',
  steward: 'Keeps the dataset catalog and grants least-privilege access.',
  auditor: 'Verifies the ledger and reports; cannot change governance records.',
  viewer: 'Reads what this node holds; changes nothing.',
};
