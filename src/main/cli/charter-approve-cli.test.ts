import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDayNumber } from '../../shared/domain/access';
import { charterApprovalRecordSchema } from '../../shared/domain/charter-remediation';
import { addPrincipal, approveGrant, requestGrant } from '../core/access/access-commands';
import { getGrant, todayOf } from '../core/access/access-queries';
import { grantHistory } from '../core/access/grant-history';
import { createDataset } from '../core/catalog/catalog-commands';
import {
  createCharterDraft,
  saveCharterDraft,
  submitCharter,
} from '../core/charter/charter-commands';
import { getCharterVersion } from '../core/charter/charter-queries';
import { createPublishedWorkspace, sampleDraft } from '../core/testing/charter-setup';
import { testSetup, useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) => runCliCapturing(argv);

function dayFromToday(days: number): string {
  return new Date(((isoDayNumber(todayOf()) ?? 0) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Version 1 (the template) governs, with two active read grants of a standard-tier partner on
 * operational data; version 2, in review, caps that tier at aggregate, so both go out of
 * bounds. Dated from the real clock, since the CLI judges as of today.
 */
function approvalWorkspace(): { db: string; grants: [string, string] } {
  const db = join(tempDir(), 'approve.concordat');
  const ws = createPublishedWorkspace(db, testSetup);
  try {
    const dataset = createDataset(ws, sampleDraft());
    const principal = addPrincipal(ws, {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    });
    const grant = () =>
      approveGrant(ws, {
        id: requestGrant(ws, {
          principalId: principal.id,
          datasetId: dataset.id,
          level: 'read',
          purpose: 'dpv:ServiceProvision',
          start: todayOf(),
          until: dayFromToday(100),
          justification: 'Punctuality analysis',
        }).id,
      }).id;
    const grants: [string, string] = [grant(), grant()];
    const draft = createCharterDraft(ws, 1);
    const saved = saveCharterDraft(ws, {
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
    submitCharter(ws, { version: 2, expectedRevision: saved.revision });
    return { db, grants };
  } finally {
    ws.close();
  }
}

function inWorkspace<T>(db: string, use: (ws: Workspace) => T): T {
  const ws = Workspace.open(db, { readOnly: true });
  try {
    return use(ws);
  } finally {
    ws.close();
  }
}

describe('concordat charter approve', () => {
  it('refuses without remediations and writes nothing, naming the grants', async () => {
    const { db, grants } = approvalWorkspace();
    const refused = await cli('charter', 'approve', '2', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('REMEDIATION_REQUIRED');
    expect(refused.err).toContain('Version 2 puts 2 grants out of bounds without a remediation');
    expect(refused.err).toContain(grants[0]);
    expect(refused.err).toContain('--accept-all --justification TEXT');
    expect(inWorkspace(db, (ws) => getCharterVersion(ws, 2).status)).toBe('in_review');
  });

  it('revokes from a file and accepts the rest, printing the impact and what was done', async () => {
    const { db, grants } = approvalWorkspace();
    const file = join(tempDir(), 'remediations.json');
    writeFileSync(
      file,
      JSON.stringify([
        { grantId: grants[0], action: 'revoke', justification: 'Read access is no longer needed' },
      ]),
    );
    const done = await cli(
      'charter',
      'approve',
      '2',
      '--db',
      db,
      '--note',
      'Tighter for standard partners',
      '--remediation-file',
      file,
      '--accept-all',
      '--justification',
      'Contract renegotiation under way',
    );
    expect(done).toMatchObject({ code: 0, err: '' });
    expect(done.out).toContain(
      'Charter version 2 against the published version 1: 2 grants out of bounds, 0 grants newly allowed, 0 unchanged.',
    );
    expect(done.out).toContain(
      'Approved version 2: 2 grants out of bounds (1 revoked, 1 accepted), 0 grants newly allowed, 0 unchanged, against version 1.',
    );
    expect(done.out).toContain(
      `Revoke: 1 grant — "Read access is no longer needed"\n      ${grants[0]}`,
    );
    expect(done.out).toContain(
      'Accept as out of bounds: 1 grant — "Contract renegotiation under way"',
    );

    inWorkspace(db, (ws) => {
      const version = getCharterVersion(ws, 2);
      expect(version).toMatchObject({
        status: 'approved',
        approved: { note: 'Tighter for standard partners' },
      });
      expect(getGrant(ws, grants[0], todayOf()).status).toBe('revoked');
      expect(getGrant(ws, grants[1], todayOf()).status).toBe('active');
      expect(grantHistory(ws, grants[0]).at(-1)?.source).toEqual({
        kind: 'charter',
        id: version.id,
      });
    });

    const history = await cli('charter', 'history', '--db', db);
    expect(history.out).toMatch(/Grants: +2 grants out of bounds \(1 revoked, 1 accepted\)/);
  });

  it('prints the approval as JSON', async () => {
    const { db, grants } = approvalWorkspace();
    const json = await cli(
      'charter',
      'approve',
      '2',
      '--db',
      db,
      '--accept-all',
      '--justification',
      'Kept for now',
      '--json',
    );
    expect(json.code).toBe(0);
    const printed = JSON.parse(json.out) as { version: { status: string }; approval: unknown };
    expect(printed.version.status).toBe('approved');
    expect(charterApprovalRecordSchema.parse(printed.approval).remediations).toEqual([
      {
        action: 'accept',
        justification: 'Kept for now',
        grantIds: expect.arrayContaining(grants) as unknown,
      },
    ]);
  });

  it('exits 2 for bad usage or a bad remediation file', async () => {
    const { db } = approvalWorkspace();
    expect((await cli('charter', 'approve', '--db', db)).code).toBe(2);
    expect((await cli('charter', 'approve', 'two', '--db', db)).code).toBe(2);
    const lonely = await cli('charter', 'approve', '2', '--db', db, '--accept-all');
    expect(lonely.code).toBe(2);
    expect(lonely.err).toContain('--accept-all and --justification TEXT go together');

    const bad = join(tempDir(), 'bad.json');
    writeFileSync(bad, JSON.stringify([{ grantId: 'g', action: 'delete', justification: 'x' }]));
    const invalid = await cli('charter', 'approve', '2', '--db', db, '--remediation-file', bad);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('0.action');
    const missing = await cli(
      'charter',
      'approve',
      '2',
      '--db',
      db,
      '--remediation-file',
      join(tempDir(), 'nope.json'),
    );
    expect(missing.code).toBe(2);
    expect(inWorkspace(db, (ws) => getCharterVersion(ws, 2).status)).toBe('in_review');
    expect((await cli('help', 'charter')).out).toContain('charter approve VERSION --db PATH');
  });
});
