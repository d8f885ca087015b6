import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { charterContentSchema, isoDurationSchema } from '../../../shared/domain/charter';
import { useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { loadCharterTemplate } from './charter-template';

const tempDir = useTempDir();
const template = () => loadCharterTemplate();

function problems(charter: unknown): string[] {
  const result = charterContentSchema.safeParse(charter);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the charter content schema', () => {
  it('accepts the default template that ships in resources/', () => {
    const charter = template();
    expect(charter.categories.map((category) => category.id)).toEqual([
      'open-reference',
      'operational',
      'commercial',
      'personal',
    ]);
    expect(charter.accessLevels[0]?.id).toBe('none');
  });

  it('refuses a broken template instead of starting a workspace from it', () => {
    const path = join(tempDir(), 'template.json');
    writeFileSync(path, JSON.stringify({ ...template(), partnerTiers: [] }));
    expect(thrownCode(() => loadCharterTemplate(path))).toBe('INTERNAL');
    writeFileSync(path, '{ not json');
    expect(thrownCode(() => loadCharterTemplate(path))).toBe('INTERNAL');
  });

  it('names each broken cross-reference where it is', () => {
    const charter = template();
    const personal = charter.categories[3]!;
    expect(
      problems({
        ...charter,
        categories: [{ ...personal, maxAccess: { pilot: 'none', standard: 'everything' } }],
      }),
    ).toEqual([
      'categories.0.maxAccess.standard: "everything" is not an access level',
      'categories.0.maxAccess.strategic: Set the maximum level for tier "strategic"',
    ]);
    expect(
      problems({
        ...charter,
        categories: [{ ...personal, permittedPurposes: ['dpv:Marketing', 'dpv:Unknown'] }],
      }),
    ).toEqual([
      'categories.0.permittedPurposes.1: "dpv:Unknown" is not in the purpose vocabulary',
      'categories.0.prohibitedPurposes: "dpv:Marketing" is both permitted and prohibited',
    ]);
    expect(
      problems({ ...charter, categories: [{ ...personal, legalBasis: 'not-required' }] }),
    ).toEqual(['categories.0.legalBasis: Personal data needs a legal basis']);
    expect(problems({ ...charter, categories: [personal, personal] })).toEqual([
      'categories: The id "personal" is used twice',
    ]);
    expect(problems({ ...charter, nextReviewDate: charter.effectiveDate })).toEqual([
      'nextReviewDate: The next review must come after the effective date',
    ]);
    expect(problems({ ...charter, owner: 'someone' })).toHaveLength(1);
  });

  it('takes ISO 8601 date durations and nothing else (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          y: fc.option(fc.nat(99)),
          m: fc.option(fc.nat(99)),
          w: fc.option(fc.nat(99)),
          d: fc.option(fc.nat(999)),
        }),
        ({ y, m, w, d }) => {
          const text = `P${y === null ? '' : `${y}Y`}${m === null ? '' : `${m}M`}${w === null ? '' : `${w}W`}${d === null ? '' : `${d}D`}`;
          expect(isoDurationSchema.safeParse(text).success).toBe(text !== 'P');
        },
      ),
    );
    for (const bad of ['90D', 'P', 'P1D1Y', 'PT1H', 'P-1D', 'P1.5D', '']) {
      expect(isoDurationSchema.safeParse(bad).success).toBe(false);
    }
  });
});
