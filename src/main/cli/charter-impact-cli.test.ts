import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDayNumber } from '../../shared/domain/access';
import { charterVersionImpactSchema } from '../../shared/domain/charter-impact';
import { addPrincipal, approveGrant, requestGrant } from '../core/access/access-commands';
import { todayOf } from '../core/access/access-queries';
import { createDataset } from '../core/catalog/catalog-commands';
import { createCharterDraft, saveCharterDraft } from '../core/charter/charter-commands';
import { createPublishedWorkspace, sampleDraft } from '../core/testing/charter-setup';
import { testSetup, useTempDir } from '../core/testing/temp-dir';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) => runCliCapturing(argv);

/**
 * Version 1 (the template) governs, with an active read grant for a standard-tier partner on
 * operational data; draft version 2 caps that tier at aggregate. Dated from the real clock,
 * since the CLI judges as of today.
 */
function impactWorkspace(): { db: string; grantId: string } {
  const db = join(tempDir(), 'impact.concordat');
  const ws = createPublishedWorkspace(db, testSetup);
  try {
    const today = todayOf();
    const until = new Date(((isoDayNumber(today) ?? 0) + 100) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const dataset = createDataset(ws, sampleDraft());
    const principal = addPrincipal(ws, {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    });
    const requested = requestGrant(ws, {
      principalId: principal.id,
      datasetId: dataset.id,
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: today,
      until,
      justification: 'Punctuality analysis',
    });
    approveGrant(ws, { id: requested.id });
    const draft = createCharterDraft(ws, 1);
    saveCharterDraft(ws, {
      version: draft.version,
      expectedRevision: draft.revision,
      content: {
        ...draft.content,
        categories: draft.content.categories.map((c) =>
          c.id === 'operational'
            ? { ...c, maxAccess: { ...c.maxAccess, standard: 'aggregate' } }
            : c,
        ),
      },
    });
    return { db, grantId: requested.id };
  } finally {
    ws.close();
  }
}

describe('concordat charter impact', () => {
  it('lists the grants a version would put out of bounds, readable and as JSON', async () => {
    const { db, grantId } = impactWorkspace();
    const shown = await cli('charter', 'impact', '--version', '2', '--db', db);
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toContain(
      'Charter version 2 against the published version 1: 1 grant out of bounds, 0 grants newly allowed, 0 unchanged.',
    );
    expect(shown.out).toContain(
      `Acme analysts (Acme) → Bus positions: read for dpv:ServiceProvision`,
    );
    expect(shown.out).toContain(
      '[level.within_tier_maximum] Operational data allows the Standard tier at most Aggregate; Read is above it.',
    );

    const json = await cli('charter', 'impact', '--version', '2', '--db', db, '--json');
    expect(json.code).toBe(0);
    const impact = charterVersionImpactSchema.parse(JSON.parse(json.out));
    expect(impact).toMatchObject({ version: 2, governingVersion: 1, newlyAllowed: [] });
    expect(impact.outOfBounds.map((item) => item.grantId)).toEqual([grantId]);
  });

  it('refuses a missing or malformed version', async () => {
    const { db } = impactWorkspace();
    expect((await cli('charter', 'impact', '--db', db)).code).toBe(2);
    expect((await cli('charter', 'impact', '--version', 'two', '--db', db)).code).toBe(2);
    const missing = await cli('charter', 'impact', '--version', '7', '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('no charter version 7');
  });
});
