import { describe, expect, it } from 'vitest';
import { datasetListQuerySchema, type DatasetDraft } from '../../../shared/domain/dataset';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { createDataset, updateDataset } from './catalog-commands';
import { countDatasets, getDataset, listDatasets } from './catalog-queries';
import { thrownCode } from '../testing/thrown-code';

const newWorkspace = useTempWorkspace();

const base: DatasetDraft = sampleDraft({
  identifier: 'bus-positions',
  title: 'Bus positions',
  description: 'Every bus, every 10 seconds',
  sensitivity: 'internal',
  status: 'active',
  steward: 'Lena',
  formats: ['GTFS-RT'],
  tags: ['transit', 'real-time'],
});

const query = (input: Parameters<typeof datasetListQuerySchema.parse>[0] = {}) =>
  datasetListQuerySchema.parse(input);

describe('catalog', () => {
  it('creates a dataset owned by this node and reads it back', () => {
    const ws = newWorkspace();
    const created = createDataset(ws, base);
    expect(created).toMatchObject({ ...base, ownerNode: ws.node.nodeId, version: 1 });
    expect(getDataset(ws, created.id)).toEqual(created);
  });

  it('refuses a duplicate identifier and writes nothing', () => {
    const ws = newWorkspace();
    createDataset(ws, base);
    expect(thrownCode(() => createDataset(ws, { ...base, title: 'Other' }))).toBe('DUPLICATE');
    expect(countDatasets(ws)).toBe(1);
  });

  it('updates with the expected version and bumps it', () => {
    const ws = newWorkspace();
    const created = createDataset(ws, base);
    const updated = updateDataset(ws, {
      id: created.id,
      expectedVersion: 1,
      draft: { ...base, title: 'Vehicle positions' },
    });
    expect(updated.version).toBe(2);
    expect(getDataset(ws, created.id).title).toBe('Vehicle positions');
  });

  it('refuses a stale edit instead of overwriting a newer one', () => {
    const ws = newWorkspace();
    const created = createDataset(ws, base);
    updateDataset(ws, { id: created.id, expectedVersion: 1, draft: { ...base, title: 'First' } });
    expect(
      thrownCode(() =>
        updateDataset(ws, {
          id: created.id,
          expectedVersion: 1,
          draft: { ...base, title: 'Second' },
        }),
      ),
    ).toBe('CONFLICT');
    expect(getDataset(ws, created.id).title).toBe('First');
  });

  it("refuses renaming onto another dataset's identifier", () => {
    const ws = newWorkspace();
    createDataset(ws, base);
    const other = createDataset(ws, { ...base, identifier: 'tram-positions' });
    expect(
      thrownCode(() => updateDataset(ws, { id: other.id, expectedVersion: 1, draft: base })),
    ).toBe('DUPLICATE');
  });

  it('refuses catalog changes to an operator without the steward role', () => {
    const ws = newWorkspace({ organisation: 'Audit Co', operator: 'Ida', roles: ['auditor'] });
    expect(thrownCode(() => createDataset(ws, base))).toBe('FORBIDDEN_ROLE');
    expect(countDatasets(ws)).toBe(0);
  });

  it('reports NOT_FOUND for an unknown id', () => {
    const ws = newWorkspace();
    expect(thrownCode(() => getDataset(ws, 'nope'))).toBe('NOT_FOUND');
  });

  describe('listing', () => {
    function seeded() {
      const ws = newWorkspace();
      createDataset(ws, {
        ...base,
        identifier: 'b-trips',
        title: 'beta trips',
        sensitivity: 'restricted',
      });
      createDataset(ws, {
        ...base,
        identifier: 'a-stops',
        title: 'Alpha stops',
        sensitivity: 'public',
        status: 'retired',
      });
      createDataset(ws, {
        ...base,
        identifier: 'c-fares',
        title: 'Gamma 50% fares',
        sensitivity: 'confidential',
        tags: ['money'],
      });
      return ws;
    }

    it('sorts by title case-insensitively, both directions', () => {
      const ws = seeded();
      expect(listDatasets(ws, query()).rows.map((d) => d.identifier)).toEqual([
        'a-stops',
        'b-trips',
        'c-fares',
      ]);
      expect(
        listDatasets(ws, query({ sort: { field: 'title', direction: 'desc' } })).rows.map(
          (d) => d.identifier,
        ),
      ).toEqual(['c-fares', 'b-trips', 'a-stops']);
    });

    it('sorts sensitivity by meaning, not alphabet', () => {
      const ws = seeded();
      const rows = listDatasets(
        ws,
        query({ sort: { field: 'sensitivity', direction: 'asc' } }),
      ).rows;
      expect(rows.map((d) => d.sensitivity)).toEqual(['public', 'confidential', 'restricted']);
    });

    it('filters by search text (literal %), status and sensitivity, and counts the matches', () => {
      const ws = seeded();
      expect(listDatasets(ws, query({ search: '50%' })).rows.map((d) => d.identifier)).toEqual([
        'c-fares',
      ]);
      expect(listDatasets(ws, query({ search: 'money' })).total).toBe(1);
      expect(
        listDatasets(ws, query({ status: ['retired'] })).rows.map((d) => d.identifier),
      ).toEqual(['a-stops']);
      expect(listDatasets(ws, query({ sensitivity: ['public', 'restricted'] })).total).toBe(2);
    });

    it('pages with offset and limit while total counts everything', () => {
      const ws = seeded();
      const page = listDatasets(ws, query({ offset: 1, limit: 1 }));
      expect(page.rows.map((d) => d.identifier)).toEqual(['b-trips']);
      expect(page.total).toBe(3);
    });
  });

  describe('full-text search', () => {
    it('finds datasets by word prefixes in any text field, and follows edits', () => {
      const ws = newWorkspace();
      const created = createDataset(ws, base);
      createDataset(ws, { ...base, identifier: 'tram-stops', title: 'Tram stops', tags: [] });
      const search = (text: string) =>
        listDatasets(ws, query({ search: text })).rows.map((d) => d.identifier);
      expect(search('bus pos')).toEqual(['bus-positions']);
      expect(search('LENA')).toEqual(['bus-positions', 'tram-stops']);
      expect(search('real-time')).toEqual(['bus-positions']);
      // Quotes and FTS5 operators in the text are just text.
      expect(search('"bus" OR tram*')).toEqual([]);
      updateDataset(ws, {
        id: created.id,
        expectedVersion: 1,
        draft: { ...base, title: 'Coach positions' },
      });
      expect(search('coach')).toEqual(['bus-positions']);
      expect(search('bus pos')).toEqual(['bus-positions']);
      expect(search('Bus positions')).toEqual(['bus-positions']);
      expect(listDatasets(ws, query({ search: 'positions bus' })).total).toBe(1);
      // The index agrees with the rows it indexes.
      expect(() =>
        ws.sqlite.exec("INSERT INTO dataset_fts (dataset_fts) VALUES ('integrity-check')"),
      ).not.toThrow();
    });

    it('counts a search without reading past the page, and forgets the count after a change', () => {
      const ws = newWorkspace();
      for (let i = 0; i < 5; i += 1) createDataset(ws, { ...base, identifier: `bus-${i}` });
      expect(listDatasets(ws, query({ search: 'bus', limit: 2 })).total).toBe(5);
      createDataset(ws, { ...base, identifier: 'bus-5' });
      expect(listDatasets(ws, query({ search: 'bus', limit: 2 })).total).toBe(6);
    });
  });

  describe('the governing charter', () => {
    it('refuses a dataset that breaks its rules, naming each field, and writes nothing', () => {
      const ws = newWorkspace();
      const size = ws.ledger.size;
      let issues: unknown;
      try {
        createDataset(ws, {
          ...base,
          category: 'commercial',
          cadence: { kind: 'realtime' },
          sensitivity: 'internal',
          retention: 'P10Y',
        });
      } catch (error) {
        expect(error).toMatchObject({ code: 'CHARTER_VIOLATION' });
        issues = (error as { issues?: unknown }).issues;
      }
      const found = issues as { path: string; message: string }[];
      expect(found.map((issue) => issue.path)).toEqual([
        'draft.cadence',
        'draft.sensitivity',
        'draft.retention',
      ]);
      expect(found[0]?.message).toMatch(/Commercial data allows/);
      expect(found[1]?.message).toMatch(/confidential/);
      expect(found[2]?.message).toMatch(/at most 7 years/);
      expect(thrownCode(() => createDataset(ws, { ...base, category: 'secrets' }))).toBe(
        'CHARTER_VIOLATION',
      );
      expect(ws.ledger.size).toBe(size);
      // A retired dataset is outside the rules: what breaks them can always be retired.
      expect(createDataset(ws, { ...base, category: 'secrets', status: 'retired' }).version).toBe(
        1,
      );
    });

    it('has no categories to file under before a charter is published', () => {
      const ws = newWorkspace({ organisation: 'Acme', operator: 'Sam', roles: ['steward'] });
      expect(thrownCode(() => createDataset(ws, base))).toBe('CHARTER_NOT_PUBLISHED');
    });

    it('flags datasets that a newer charter version puts out of bounds', () => {
      const ws = newWorkspace();
      createDataset(ws, { ...base, retention: 'P2Y' });
      createDataset(ws, { ...base, identifier: 'short', retention: 'P1Y' });
      expect(listDatasets(ws, query()).rows.map((d) => d.findings)).toEqual([0, 0]);

      const draft = createCharterDraft(ws, 1);
      const content = {
        ...draft.content,
        categories: draft.content.categories.map((category) =>
          category.id === 'operational' ? { ...category, retention: 'P18M' } : category,
        ),
      };
      const saved = saveCharterDraft(ws, { version: 2, expectedRevision: 1, content });
      submitCharter(ws, { version: 2, expectedRevision: saved.revision });
      approveCharter(ws, { version: 2, expectedRevision: saved.revision, note: '' });
      publishCharter(ws, { version: 2, expectedRevision: saved.revision });

      const rows = listDatasets(
        ws,
        query({ sort: { field: 'identifier', direction: 'asc' } }),
      ).rows;
      expect(rows.map((d) => [d.identifier, d.findings])).toEqual([
        ['bus-positions', 1],
        ['short', 0],
      ]);
    });
  });
});
