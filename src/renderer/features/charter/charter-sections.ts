import {
  charterSectionSchema,
  type CharterSection,
} from '../../../shared/domain/charter-diff-schema';
import type { FormIssue } from './form-errors';

export const charterSections = charterSectionSchema.options;

export const charterSectionTitles: Record<CharterSection, string> = {
  general: 'General',
  accessLevels: 'Access levels',
  partnerTiers: 'Partner tiers',
  purposes: 'Purposes',
  categories: 'Categories',
  parties: 'Parties',
  clauses: 'Clauses',
};

/** The section a form path belongs to: `categories.2.name` → categories, `title` → general. */
export function sectionOfPath(path: string): CharterSection {
  const head = path.split('.')[0] ?? '';
  const found = charterSections.find((section) => section === head && section !== 'general');
  return found ?? 'general';
}

export function issuesBySection(issues: readonly FormIssue[]): Record<CharterSection, FormIssue[]> {
  const grouped = Object.fromEntries(
    charterSections.map((section) => [section, [] as FormIssue[]]),
  ) as Record<CharterSection, FormIssue[]>;
  for (const issue of issues) grouped[sectionOfPath(issue.path)].push(issue);
  return grouped;
}

/** The category index a path points into, for `categories.<n>.…` paths. */
export function categoryIndexOfPath(path: string): number | null {
  const match = /^categories\.(\d+)(\.|$)/.exec(path);
  return match ? Number(match[1]) : null;
}
