import { z } from 'zod';
import type { CharterContent, DataCategory } from './charter';
import type { DatasetDraft } from './dataset';
import {
  cadenceKey,
  cadenceLabels,
  formatIsoDuration,
  isoDurationDays,
  sensitivityLabels,
  sensitivityRank,
} from './governance-terms';

/** The charter rules a dataset can break; stable ids for tests, filters and import errors. */
export const catalogRuleSchema = z.enum([
  'category.known',
  'cadence.allowed',
  'sensitivity.not_below_category',
  'retention.not_above_category',
  'schema.personal_data_needs_personal_category',
  'schema.field_not_above_dataset',
]);
export type CatalogRule = z.infer<typeof catalogRuleSchema>;

export const charterFindingSchema = z.strictObject({
  rule: catalogRuleSchema,
  /** The dataset field at fault, as the form and the import name it. */
  field: z.string(),
  message: z.string(),
});
export type CharterFinding = z.infer<typeof charterFindingSchema>;

/**
 * Where a dataset breaks the rules of the charter that governs it. Pure, so the form shows the
 * same findings live that the command layer enforces and the catalog flags after a charter
 * change. Retired datasets are checked too: the findings say what would need fixing to revive
 * them, and the command layer decides what to refuse.
 */
export function checkDatasetAgainstCharter(
  dataset: DatasetDraft,
  charter: CharterContent,
): CharterFinding[] {
  const category = charter.categories.find((candidate) => candidate.id === dataset.category);
  if (!category) {
    return [
      {
        rule: 'category.known',
        field: 'category',
        message: `"${dataset.category}" is not a data category of the governing charter.`,
      },
    ];
  }
  return checkAgainstCategory(dataset, category);
}

function checkAgainstCategory(dataset: DatasetDraft, category: DataCategory): CharterFinding[] {
  const findings: CharterFinding[] = [];
  const allowed = category.allowedCadences.map(cadenceKey);
  const cadence = cadenceKey(dataset.cadence);
  if (!allowed.includes(cadence)) {
    findings.push({
      rule: 'cadence.allowed',
      field: 'cadence',
      message: `${category.name} allows ${allowed.map((key) => cadenceLabels[key].toLowerCase()).join(', ')}; not ${cadenceLabels[cadence].toLowerCase()}.`,
    });
  }
  if (sensitivityRank(dataset.sensitivity) < sensitivityRank(category.sensitivity)) {
    findings.push({
      rule: 'sensitivity.not_below_category',
      field: 'sensitivity',
      message: `${category.name} is ${sensitivityLabels[category.sensitivity].toLowerCase()}; a dataset in it cannot be ${sensitivityLabels[dataset.sensitivity].toLowerCase()}.`,
    });
  }
  if (isoDurationDays(dataset.retention) > isoDurationDays(category.retention)) {
    findings.push({
      rule: 'retention.not_above_category',
      field: 'retention',
      message: `${category.name} keeps data at most ${formatIsoDuration(category.retention)}; this dataset keeps it ${formatIsoDuration(dataset.retention)}.`,
    });
  }
  dataset.schemaFields.forEach((field, index) => {
    if (field.personalData && !category.personalData) {
      findings.push({
        rule: 'schema.personal_data_needs_personal_category',
        field: `schemaFields.${String(index)}.personalData`,
        message: `Field "${field.name}" holds personal data, but ${category.name} is not a personal-data category.`,
      });
    }
    if (sensitivityRank(field.classification) > sensitivityRank(dataset.sensitivity)) {
      findings.push({
        rule: 'schema.field_not_above_dataset',
        field: `schemaFields.${String(index)}.classification`,
        message: `Field "${field.name}" is ${sensitivityLabels[field.classification].toLowerCase()}, above the dataset's own ${sensitivityLabels[dataset.sensitivity].toLowerCase()}.`,
      });
    }
  });
  return findings;
}
