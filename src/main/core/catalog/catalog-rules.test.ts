import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDatasetAgainstCharter } from '../../../shared/domain/catalog-rules';
import type { CharterContent } from '../../../shared/domain/charter';
import {
  cadenceKey,
  cadenceKeySchema,
  cadenceOfKey,
  isoDurationDays,
  sensitivitySchema,
  sensitivityRank,
} from '../../../shared/domain/governance-terms';
import { loadCharterTemplate } from '../charter/charter-template';
import { sampleDraft } from '../testing/charter-setup';

const template: CharterContent = loadCharterTemplate();
const days = fc.integer({ min: 1, max: 4000 });

/** A draft filed under one of the template's categories, with random rule-relevant fields. */
const draftArbitrary = fc.record({
  category: fc.constantFrom(...template.categories.map((category) => category.id)),
  cadence: fc.constantFrom(...cadenceKeySchema.options),
  sensitivity: fc.constantFrom(...sensitivitySchema.options),
  retentionDays: days,
  personalField: fc.boolean(),
  fieldClassification: fc.constantFrom(...sensitivitySchema.options),
});

describe('charter rules for datasets (properties)', () => {
  it('finds a broken rule exactly when the dataset goes beyond its category', () => {
    fc.assert(
      fc.property(draftArbitrary, (input) => {
        const category = template.categories.find((c) => c.id === input.category);
        if (!category) return;
        const draft = sampleDraft({
          category: input.category,
          cadence: cadenceOfKey(input.cadence),
          sensitivity: input.sensitivity,
          retention: `P${String(input.retentionDays)}D`,
          schemaFields: [
            {
              name: 'field',
              type: 'string',
              personalData: input.personalField,
              classification: input.fieldClassification,
            },
          ],
        });
        const rules = new Set(checkDatasetAgainstCharter(draft, template).map((f) => f.rule));
        expect(rules.has('cadence.allowed')).toBe(
          !category.allowedCadences.map(cadenceKey).includes(input.cadence),
        );
        expect(rules.has('sensitivity.not_below_category')).toBe(
          sensitivityRank(input.sensitivity) < sensitivityRank(category.sensitivity),
        );
        expect(rules.has('retention.not_above_category')).toBe(
          input.retentionDays > isoDurationDays(category.retention),
        );
        expect(rules.has('schema.personal_data_needs_personal_category')).toBe(
          input.personalField && !category.personalData,
        );
        expect(rules.has('schema.field_not_above_dataset')).toBe(
          sensitivityRank(input.fieldClassification) > sensitivityRank(input.sensitivity),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts a category the charter does not define, whatever else the draft says', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
        draftArbitrary,
        (category, input) => {
          fc.pre(!template.categories.some((c) => c.id === category));
          const findings = checkDatasetAgainstCharter(
            sampleDraft({ category, sensitivity: input.sensitivity }),
            template,
          );
          expect(findings.map((f) => f.rule)).toEqual(['category.known']);
        },
      ),
    );
  });

  it('tightening a category never clears a finding', () => {
    fc.assert(
      fc.property(draftArbitrary, days, (input, tighterDays) => {
        const draft = sampleDraft({
          category: input.category,
          cadence: cadenceOfKey(input.cadence),
          sensitivity: input.sensitivity,
          retention: `P${String(input.retentionDays)}D`,
        });
        const tightened: CharterContent = {
          ...template,
          categories: template.categories.map((c) =>
            c.id === input.category && tighterDays < isoDurationDays(c.retention)
              ? { ...c, retention: `P${String(tighterDays)}D` }
              : c,
          ),
        };
        const before = checkDatasetAgainstCharter(draft, template).map((f) => f.rule);
        const after = new Set(checkDatasetAgainstCharter(draft, tightened).map((f) => f.rule));
        for (const rule of before) expect(after.has(rule)).toBe(true);
      }),
    );
  });
});
