import { describe, expect, it } from 'vitest';
import {
  grantListQuerySchema,
  grantSortFieldSchema,
  grantStatusSchema,
  type StoredGrantStatus,
} from '../../../shared/domain/access';
import { createDataset } from '../catalog/catalog-commands';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import type { Workspace } from '../workspace/workspace';
import { addPrincipal } from './access-commands';
import { deriveGrantStatus } from './access-queries';
import { grantPageQuery, listGrantPage } from './grant-page-query';

const newWorkspace = useTempWorkspace();

function planOf(ws: Workspace, compiled: { sql: string; parameters: readonly unknown[] }) {
  return (
    ws.sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters) as {
      detail: string;
    }[]
  )
    .map((row) => row.detail)
    .join('\n');
}

describe('grant page queries at scale', () => {
  // A page must come from walking an index in sort order: sorting every match of 200,000 grants
  // in a temporary b-tree is what would make the grants table slow.
  it.each(
    grantSortFieldSchema.options.flatMap((field) => [
      [field, 'asc' as const],
      [field, 'desc' as const],
    ]),
  )('reads a status-filtered page sorted by %s %s in index order', (field, direction) => {
    const ws = newWorkspace();
    const query = grantListQuerySchema.parse({
      status: ['active', 'approved'],
      sort: { field, direction },
    });
    const plan = planOf(ws, grantPageQuery(ws, query, '2026-03-01').compile());
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(plan).toMatch(
      {
        untilDay: /SCAN g USING INDEX access_grant_until/,
        requestedAt: /SCAN g USING INDEX access_grant_requested/,
        datasetIdentifier: /SCAN d USING (COVERING )?INDEX dataset_identifier/,
        principalName: /SCAN p USING (COVERING )?INDEX principal_display/,
      }[field],
    );
  });

  it('filters by a principal through its index', () => {
    const ws = newWorkspace();
    const query = grantListQuerySchema.parse({ principalId: 'p1' });
    const plan = planOf(ws, grantPageQuery(ws, query, '2026-03-01').compile());
    expect(plan).toMatch(/access_grant_principal/);
  });
});

const TODAY = '2026-03-01';
const days = ['2026-02-01', TODAY, '2026-04-01'];
const storedStatuses: StoredGrantStatus[] = ['requested', 'approved', 'suspended', 'revoked'];

/**
 * Every stored step × start × end (none, past, today, future) around TODAY, written straight into
 * the projection (the write path would refuse most of them): the derived-status cases.
 */
function seedGrantGrid(ws: Workspace) {
  const datasets = ['b-trips', 'a-stops'].map((identifier) =>
    createDataset(ws, sampleDraft({ identifier, title: identifier })),
  );
  const principals = ['Zeta analysts', 'Alpha analysts'].map((name) =>
    addPrincipal(ws, {
      kind: 'partner-role',
      name,
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    }),
  );
  const insert = ws.sqlite.prepare(
    `INSERT INTO access_grant (id, owner_node, principal_id, dataset_id, level, purpose, start_day,
       until_day, justification, status, requested_by, requested_at, revoked_by, revoked_at,
       revoke_reason, version)
     VALUES (?, ?, ?, ?, 'read', 'dpv:ServiceProvision', ?, ?, 'x', ?, 'Ada', ?, ?, ?, ?, 1)`,
  );
  const grants: {
    id: string;
    storedStatus: StoredGrantStatus;
    start: string;
    until: string | null;
  }[] = [];
  let n = 0;
  for (const storedStatus of storedStatuses) {
    for (const start of days) {
      for (const until of [null, ...days, '2026-05-01']) {
        n += 1;
        const id = `g${String(n).padStart(3, '0')}`;
        const revoked = storedStatus === 'revoked';
        insert.run(
          id,
          ws.node.nodeId,
          principals[n % 2]?.id,
          datasets[(n >> 1) % 2]?.id,
          start,
          until,
          storedStatus,
          `2026-01-01T00:00:${String(60 - (n % 60)).padStart(2, '0')}.000Z`,
          revoked ? 'Ada' : null,
          revoked ? '2026-01-02T00:00:00.000Z' : null,
          revoked ? 'done' : null,
        );
        grants.push({ id, storedStatus, start, until });
      }
    }
  }
  return grants;
}

describe('grant pages', () => {
  it('filters each derived status in SQL exactly as deriveGrantStatus derives it', () => {
    const ws = newWorkspace();
    const grants = seedGrantGrid(ws);
    for (const status of grantStatusSchema.options) {
      const page = listGrantPage(
        ws,
        grantListQuerySchema.parse({ status: [status], limit: 500 }),
        TODAY,
      );
      const expected = grants
        .filter((g) => deriveGrantStatus(g, TODAY) === status)
        .map((g) => g.id);
      expect(page.rows.map((row) => row.id).sort()).toEqual(expected.sort());
      expect(page.total).toBe(expected.length);
      expect(page.rows.every((row) => row.status === status)).toBe(true);
    }
  });

  it('pages through a sort without gaps or repeats, with the total and a verdict per row', () => {
    const ws = newWorkspace();
    const grants = seedGrantGrid(ws);
    for (const field of grantSortFieldSchema.options) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        for (let offset = 0; offset < grants.length; offset += 7) {
          const page = listGrantPage(
            ws,
            grantListQuerySchema.parse({ sort: { field, direction }, offset, limit: 7 }),
            TODAY,
          );
          expect(page.total).toBe(grants.length);
          expect(page.rows.every((row) => ['allow', 'deny'].includes(row.policy.decision))).toBe(
            true,
          );
          seen.push(...page.rows.map((row) => row.id));
        }
        expect(new Set(seen).size).toBe(grants.length);
      }
    }
    const byDataset = listGrantPage(
      ws,
      grantListQuerySchema.parse({ sort: { field: 'datasetIdentifier', direction: 'asc' } }),
      TODAY,
    ).rows;
    expect(byDataset[0]?.datasetIdentifier).toBe('a-stops');
    expect(byDataset.at(-1)?.datasetIdentifier).toBe('b-trips');
    const byPrincipal = listGrantPage(
      ws,
      grantListQuerySchema.parse({ sort: { field: 'principalName', direction: 'desc' } }),
      TODAY,
    ).rows;
    expect(byPrincipal[0]?.principalName).toBe('Zeta analysts (Acme)');
  });
});
