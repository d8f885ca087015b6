import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CharterContent, DataCategory } from '../../../shared/domain/charter';
import { diffCharters, formatCharterDiff } from '../../../shared/domain/charter-diff';
import {
  type CharterChange,
  type CharterDiff,
  charterDiffSchema,
} from '../../../shared/domain/charter-diff-schema';
import { loadCharterTemplate } from './charter-template';

const template = loadCharterTemplate();

function diff(before: CharterContent, after: CharterContent): CharterDiff {
  return charterDiffSchema.parse(
    diffCharters({ version: 1, content: before }, { version: 2, content: after }),
  );
}

function section(result: CharterDiff, name: string): CharterChange[] {
  return result.sections.find((s) => s.section === name)?.changes ?? [];
}

function category(id: string, change: Partial<DataCategory>): CharterContent {
  return {
    ...template,
    categories: template.categories.map((c) => (c.id === id ? { ...c, ...change } : c)),
  };
}

describe('diffCharters', () => {
  it('finds nothing between a charter and itself', () => {
    expect(diff(template, structuredClone(template))).toEqual({
      from: 1,
      to: 2,
      sections: [],
      changeCount: 0,
    });
  });

  it('reports general fields by their labels', () => {
    const result = diff(template, {
      ...template,
      title: 'Metro data charter',
      nextReviewDate: '2026-07-01',
    });
    expect(result.sections.map((s) => s.title)).toEqual(['General']);
    expect(section(result, 'general')).toEqual([
      {
        kind: 'changed',
        key: 'title',
        label: 'Title',
        details: [
          {
            field: 'title',
            label: 'Title',
            before: 'Data-sharing charter',
            after: 'Metro data charter',
          },
        ],
      },
      {
        kind: 'changed',
        key: 'nextReviewDate',
        label: 'Next review',
        details: [
          {
            field: 'nextReviewDate',
            label: 'Next review',
            before: '2027-01-01',
            after: '2026-07-01',
          },
        ],
      },
    ]);
    expect(result.changeCount).toBe(2);
  });

  it('treats the order of access levels as the ranking it is', () => {
    const [none, aggregate, read, write, admin] = template.accessLevels;
    const levels = [none!, aggregate!, write!, read!, admin!];
    const result = diff(template, { ...template, accessLevels: levels });
    const changes = section(result, 'accessLevels');
    // The fewest moves that explain the new order: one level moved up past another.
    expect(changes).toEqual([
      {
        kind: 'moved',
        key: 'write',
        label: 'Write',
        details: [{ field: 'position', label: 'Position', before: '4 of 5', after: '3 of 5' }],
      },
    ]);

    const renamed = diff(template, {
      ...template,
      accessLevels: [
        none!,
        aggregate!,
        { ...read!, name: 'Read only' },
        write!,
        { id: 'owner', name: 'Owner', description: 'Owns it.' },
      ],
    });
    expect(section(renamed, 'accessLevels')).toEqual([
      { kind: 'removed', key: 'admin', label: 'Admin', details: [] },
      {
        kind: 'changed',
        key: 'read',
        label: 'Read only',
        details: [{ field: 'name', label: 'Name', before: 'Read', after: 'Read only' }],
      },
      { kind: 'added', key: 'owner', label: 'Owner', details: [] },
    ]);
  });

  it('spells out a category’s rules in people’s words', () => {
    const result = diff(
      template,
      category('operational', {
        maxAccess: { pilot: 'aggregate', standard: 'aggregate', strategic: 'write' },
        allowedCadences: [
          { kind: 'periodic', interval: 'weekly' },
          { kind: 'realtime' },
          { kind: 'periodic', interval: 'daily' },
          { kind: 'periodic', interval: 'hourly' },
        ],
        permittedPurposes: ['dpv:ServiceProvision', 'dpv:LegalCompliance'],
        retention: 'P18M',
        sensitivity: 'confidential',
        legalBasis: 'legitimate-interests',
      }),
    );
    const [change] = section(result, 'categories');
    expect(change).toMatchObject({
      kind: 'changed',
      key: 'operational',
      label: 'Operational data',
    });
    expect(change?.details).toEqual([
      { field: 'sensitivity', label: 'Sensitivity', before: 'Internal', after: 'Confidential' },
      {
        field: 'maxAccess.standard',
        label: 'Max access (Standard)',
        before: 'Read',
        after: 'Aggregate',
      },
      {
        field: 'allowedCadences',
        label: 'Allowed cadences',
        before: 'Real-time (streaming), Hourly summaries, Daily summaries',
        after: 'Real-time (streaming), Hourly summaries, Daily summaries, Weekly summaries',
      },
      {
        field: 'permittedPurposes',
        label: 'Permitted purposes',
        before: 'Service provision, Service optimisation, Research and development, Security',
        after: 'Service provision, Legal compliance',
      },
      { field: 'retention', label: 'Retention', before: '2 years', after: '18 months' },
      {
        field: 'legalBasis',
        label: 'Legal basis',
        before: 'Not required (no personal data)',
        after: 'Legitimate interests',
      },
    ]);
    // Reordering a set-like list is not a change.
    expect(
      diff(
        template,
        category('operational', {
          allowedCadences: [...template.categories[1]!.allowedCadences].reverse(),
        }),
      ).changeCount,
    ).toBe(0);
  });

  it('summarises an added category and names a removed one', () => {
    const added: DataCategory = {
      ...template.categories[0]!,
      id: 'sensor',
      name: 'Sensor data',
      maxAccess: { pilot: 'none', standard: 'read', strategic: 'admin' },
    };
    const result = diff(template, {
      ...template,
      categories: [...template.categories.filter((c) => c.id !== 'commercial'), added],
    });
    const changes = section(result, 'categories');
    expect(changes.map((c) => [c.kind, c.key])).toEqual([
      ['removed', 'commercial'],
      ['added', 'sensor'],
    ]);
    expect(changes[1]?.details).toEqual([
      { field: 'sensitivity', label: 'Sensitivity', before: null, after: 'Public' },
      { field: 'maxAccess.pilot', label: 'Max access (Pilot)', before: null, after: 'None' },
      { field: 'maxAccess.standard', label: 'Max access (Standard)', before: null, after: 'Read' },
      {
        field: 'maxAccess.strategic',
        label: 'Max access (Strategic)',
        before: null,
        after: 'Admin',
      },
    ]);
    expect(changes[0]?.details[0]).toMatchObject({ before: 'Confidential', after: null });
  });

  it('follows parties by name and clauses by id, with the text before and after', () => {
    const [first, ...rest] = template.clauses;
    const result = diff(template, {
      ...template,
      parties: [
        { name: 'Lead organisation', role: 'lead', contact: 'dpo@lead.example' },
        { name: 'Metro Transit', role: 'partner', contact: '' },
      ],
      clauses: [
        { ...first!, text: 'Partners use shared data only for permitted purposes.' },
        ...rest.slice(1),
        { id: 'termination', title: 'Termination', text: 'Either party may end this.' },
      ],
    });
    expect(section(result, 'parties')).toEqual([
      {
        kind: 'changed',
        key: 'Lead organisation',
        label: 'Lead organisation',
        details: [{ field: 'contact', label: 'Contact', before: '', after: 'dpo@lead.example' }],
      },
      { kind: 'added', key: 'Metro Transit', label: 'Metro Transit', details: [] },
    ]);
    const clauses = section(result, 'clauses');
    expect(clauses.map((c) => [c.kind, c.key])).toEqual([
      ['removed', 'least-privilege'],
      ['changed', 'purpose-limitation'],
      ['added', 'termination'],
    ]);
    expect(clauses[1]?.details).toEqual([
      {
        field: 'text',
        label: 'Text',
        before: first!.text,
        after: 'Partners use shared data only for permitted purposes.',
      },
    ]);
    expect(clauses[2]?.details).toEqual([
      { field: 'text', label: 'Text', before: null, after: 'Either party may end this.' },
    ]);
    expect(clauses[0]?.details[0]).toMatchObject({ before: rest[0]!.text, after: null });
    expect(result.changeCount).toBe(5);
  });

  it('formats the diff as plain text for the command line', () => {
    const text = formatCharterDiff(
      diff(template, {
        ...category('personal', { retention: 'P30D' }),
        title: 'Charter 2',
        clauses: template.clauses.map((c) =>
          c.id === 'incidents' ? { ...c, text: `${c.text} Within 24 hours for personal data.` } : c,
        ),
      }),
    );
    expect(text).toContain('Charter version 1 → 2: 3 changes');
    expect(text).toContain(
      'General\n  ~ Title (changed)\n      Title: Data-sharing charter → Charter 2',
    );
    expect(text).toContain(
      'Data categories\n  ~ Personal data (changed)\n      Retention: 90 days → 30 days',
    );
    expect(text).toMatch(/Clauses\n {2}~ Incidents \(changed\)\n {6}Text:\n {8}before: A partner/);
    expect(text).toContain('        after:  A partner reports');
    expect(formatCharterDiff(diff(template, template))).toBe('Charter version 1 → 2: no changes');
  });
});

/** Charters that differ from the template in the ways a new version might. */
const charterArbitrary: fc.Arbitrary<CharterContent> = fc
  .record({
    title: fc.constantFrom('Data-sharing charter', 'Metro charter'),
    accessLevels: fc.shuffledSubarray(template.accessLevels, { minLength: 1 }),
    partnerTiers: fc.subarray(template.partnerTiers, { minLength: 1 }),
    purposes: fc.subarray(template.purposes, { minLength: 1 }),
    categories: fc.subarray(template.categories).chain((categories) =>
      fc.tuple(
        ...categories.map((c) =>
          fc
            .record({
              retention: fc.constantFrom(c.retention, 'P30D'),
              standard: fc.constantFrom('none', 'read', 'aggregate'),
              name: fc.constantFrom(c.name, `${c.name} (revised)`),
            })
            .map(({ retention, standard, name }): DataCategory => ({
              ...c,
              name,
              retention,
              maxAccess: { ...c.maxAccess, standard },
            })),
        ),
      ),
    ),
    parties: fc.subarray(
      [
        { name: 'Lead organisation', role: 'lead' as const, contact: '' },
        { name: 'Metro Transit', role: 'partner' as const, contact: '' },
        { name: 'City Bikes', role: 'partner' as const, contact: 'ops@bikes.example' },
      ],
      { minLength: 1 },
    ),
    clauses: fc
      .subarray(template.clauses)
      .chain((clauses) =>
        fc.tuple(
          ...clauses.map((clause) =>
            fc.constantFrom(clause, { ...clause, text: `${clause.text} (amended)` }),
          ),
        ),
      ),
  })
  .map((parts) => ({ ...template, ...parts }));

function keysOf(result: CharterDiff, kind: CharterChange['kind']): string[] {
  return result.sections
    .flatMap((s) => s.changes.filter((c) => c.kind === kind).map((c) => `${s.section}/${c.key}`))
    .sort();
}

describe('diffCharters (properties)', () => {
  it('finds no change between a charter and itself', () => {
    fc.assert(
      fc.property(charterArbitrary, (charter) => {
        expect(diff(charter, structuredClone(charter)).changeCount).toBe(0);
      }),
    );
  });

  it('reports as added one way what it reports as removed the other way', () => {
    fc.assert(
      fc.property(charterArbitrary, charterArbitrary, (a, b) => {
        const forward = diff(a, b);
        const backward = diff(b, a);
        expect(keysOf(forward, 'added')).toEqual(keysOf(backward, 'removed'));
        expect(keysOf(forward, 'removed')).toEqual(keysOf(backward, 'added'));
        const total = forward.sections.reduce((n, s) => n + s.changes.length, 0);
        expect(forward.changeCount).toBe(total);
        expect(forward.changeCount === 0).toBe(backward.changeCount === 0);
      }),
    );
  });
});
