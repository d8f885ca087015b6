import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignListSchema, campaignSummarySchema } from '../../shared/domain/review';
import { addPrincipal, approveGrant, requestGrant } from '../core/access/access-commands';
import { createDataset } from '../core/catalog/catalog-commands';
import { addMember } from '../core/members/member-commands';
import { verifyReviewEvidence } from '../core/reviews/review-evidence';
import { publishOpenCharter, sampleDraft } from '../core/testing/charter-setup';
import { testKeyProtection } from '../core/testing/demo-workspace';
import { useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { PASSPHRASE_ENV } from './passphrase';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();
const cli = (...argv: string[]) => runCliCapturing(argv);
/** Unlocks the node key (`testKeyProtection`) for signed exports. */
const unlocked = { [PASSPHRASE_ENV]: 'a long test passphrase' };

/** Days from today, YYYY-MM-DD: the CLI works on the real clock. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A closed, keyed workspace with two grants of Acme's and an auditor; its path, grant ids and vkey. */
function workspaceFile() {
  const db = join(tempDir(), 'ws.concordat');
  const ws = Workspace.create(
    db,
    { organisation: 'Metro Transit', operator: 'Ada', roles: ['lead', 'steward'] },
    { keyProtection: testKeyProtection },
  );
  try {
    publishOpenCharter(ws);
    addMember(ws, { name: 'Eve', roles: ['auditor'] });
    const buses = createDataset(ws, sampleDraft());
    const stops = createDataset(ws, sampleDraft({ identifier: 'stops', title: 'Stops' }));
    const acme = addPrincipal(ws, {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    });
    const grant = (datasetId: string) =>
      approveGrant(ws, {
        id: requestGrant(ws, {
          principalId: acme.id,
          datasetId,
          level: 'read',
          purpose: 'dpv:ServiceProvision',
          start: inDays(0),
          until: inDays(200),
          justification: 'Operations',
        }).id,
      }).id;
    return { db, grants: [grant(buses.id), grant(stops.id)], vkey: ws.registeredVkey() ?? '' };
  } finally {
    ws.close();
  }
}

describe('concordat review', () => {
  it('opens, decides, closes and exports a campaign', async () => {
    const { db, grants, vkey } = workspaceFile();
    const [buses, stops] = grants as [string, string];
    const opened = await cli(
      'review',
      'open',
      '--name',
      'Acme review',
      '--scope',
      'partner:Acme',
      '--due',
      inDays(14),
      '--reviewers',
      'Ada',
      '--db',
      db,
      '--json',
    );
    expect(opened).toMatchObject({ code: 0, err: '' });
    const campaign = campaignSummarySchema.parse(JSON.parse(opened.out));
    expect(campaign.progress.total).toBe(2);

    expect(
      await cli(
        'review',
        'decide',
        'Acme review',
        '--grant',
        buses,
        '--decision',
        'keep',
        '--justification',
        'Needed',
        '--as',
        'Eve',
        '--db',
        db,
      ),
    ).toMatchObject({ code: 1 });
    const kept = await cli(
      'review',
      'decide',
      'Acme review',
      '--grant',
      buses,
      '--decision',
      'keep',
      '--justification',
      'Needed',
      '--db',
      db,
    );
    expect(kept).toMatchObject({ code: 0 });
    expect(kept.out).toContain('keep by Ada: Needed');

    const early = await cli('review', 'close', campaign.id, '--db', db);
    expect(early.code).toBe(1);
    expect(early.err).toContain('1 undecided item');

    const narrowed = await cli(
      'review',
      'decide',
      campaign.id,
      '--grant',
      stops,
      '--decision',
      'narrow',
      '--level',
      'aggregate',
      '--justification',
      'Aggregates suffice',
      '--db',
      db,
      '--json',
    );
    expect(narrowed.code).toBe(0);
    expect(JSON.parse(narrowed.out)).toMatchObject({
      decision: 'narrow',
      narrowed: { level: 'aggregate', until: inDays(200) },
    });

    expect(await cli('review', 'close', campaign.id, '--db', db)).toMatchObject({ code: 0 });
    const listed = campaignListSchema.parse(
      JSON.parse((await cli('review', 'list', '--db', db, '--json')).out),
    );
    expect(listed.campaigns[0]).toMatchObject({ status: 'closed', progress: { decided: 2 } });

    const csv = await cli('review', 'export', 'Acme review', '--db', db);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')[0]).toContain('campaign_id,campaign,grant_id');
    expect(csv.out).toContain(`${buses},Acme analysts,Acme,bus-positions,read`);

    const out = join(tempDir(), 'evidence.json');
    const signed = await runCliCapturing(
      ['review', 'export', campaign.id, '--format', 'json', '--out', out, '--db', db],
      unlocked,
    );
    expect(signed).toMatchObject({ code: 0, err: '' });
    const verified = verifyReviewEvidence(readFileSync(out, 'utf8'), vkey);
    expect(verified.ok).toBe(true);
    // Evidence is never written over an existing file.
    const again = await runCliCapturing(
      ['review', 'export', campaign.id, '--format', 'json', '--out', out, '--db', db],
      unlocked,
    );
    expect(again.code).toBe(2);
  });

  it('says what is wrong with bad input (exit 2)', async () => {
    const { db } = workspaceFile();
    expect((await cli('review', 'export', 'No such campaign', '--db', db)).code).toBe(2);
    const scope = await cli(
      'review',
      'open',
      '--name',
      'X',
      '--scope',
      'partner',
      '--due',
      inDays(1),
      '--reviewers',
      'Ada',
      '--db',
      db,
    );
    expect(scope.code).toBe(2);
    expect(scope.err).toContain('partner:ORGANISATION');
    const empty = await cli(
      'review',
      'open',
      '--name',
      'X',
      '--scope',
      'category:personal',
      '--due',
      inDays(1),
      '--reviewers',
      'Ada',
      '--db',
      db,
    );
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('nothing to review');
    expect((await cli('review', 'export', 'x', '--format', 'xml', '--db', db)).code).toBe(2);
  });
});
