import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyDecisionSchema } from '../../shared/domain/access';
import { addPrincipal } from '../core/access/access-commands';
import { createDataset } from '../core/catalog/catalog-commands';
import { addMember } from '../core/members/member-commands';
import { publishOpenCharter, sampleDraft } from '../core/testing/charter-setup';
import { useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) => runCliCapturing(argv);

/** Days from today, YYYY-MM-DD: the CLI judges requests as of the real clock. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A closed workspace with a published charter, a dataset, a principal and a second steward. */
function workspaceFile(): { db: string; principalId: string } {
  const db = join(tempDir(), 'ws.concordat');
  const ws = Workspace.create(db, {
    organisation: 'Metro Transit',
    operator: 'Ada',
    roles: ['lead', 'steward'],
  });
  try {
    publishOpenCharter(ws);
    createDataset(ws, sampleDraft());
    addMember(ws, { name: 'Bo', roles: ['steward'] });
    const principal = addPrincipal(ws, {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: 'standard',
      legalBases: [],
    });
    return { db, principalId: principal.id };
  } finally {
    ws.close();
  }
}

function ledgerSize(db: string): number {
  const ws = Workspace.open(db, { readOnly: true });
  try {
    return ws.ledger.size;
  } finally {
    ws.close();
  }
}

const request = (principal: string, level = 'read') => [
  '--principal',
  principal,
  '--dataset',
  'bus-positions',
  '--level',
  level,
  '--purpose',
  'dpv:ServiceProvision',
  '--until',
  inDays(200),
];

describe('concordat access explain', () => {
  it('prints the decision and every reason as JSON, exit 0 whether allowed or denied', async () => {
    const { db, principalId } = workspaceFile();
    const allowed = await cli('access', 'explain', ...request(principalId), '--db', db, '--json');
    expect(allowed).toMatchObject({ code: 0, err: '' });
    const allow = policyDecisionSchema.parse(JSON.parse(allowed.out));
    expect(allow.decision).toBe('allow');
    expect(Object.keys(JSON.parse(allowed.out) as object)).toEqual(['decision', 'reasons']);

    const denied = await cli(
      'access',
      'explain',
      ...request(principalId, 'admin'),
      '--db',
      db,
      '--json',
    );
    expect(denied.code).toBe(0);
    const deny = policyDecisionSchema.parse(JSON.parse(denied.out));
    expect(deny.decision).toBe('deny');
    expect(deny.reasons.filter((r) => r.outcome === 'fail').map((r) => r.rule)).toEqual([
      'level.within_tier_maximum',
      'write.pusher_only',
    ]);
  });

  it('exits 2 for bad input: an unknown principal, a malformed date, a missing option', async () => {
    const { db, principalId } = workspaceFile();
    const unknown = await cli('access', 'explain', ...request('nobody'), '--db', db, '--json');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No principal');
    const badDate = await cli(
      'access',
      'explain',
      ...request(principalId),
      '--start',
      '2026-02-30',
      '--db',
      db,
    );
    expect(badDate.code).toBe(2);
    const missing = await cli('access', 'explain', '--principal', principalId, '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--dataset is required');
  });
});

describe('concordat access grant, approve, revoke, list', () => {
  it('requests, approves and lists a grant with its status and verdict', async () => {
    const { db } = workspaceFile();
    const granted = await cli(
      'access',
      'grant',
      ...request('Acme analysts'),
      '--justification',
      'Punctuality study',
      '--db',
      db,
      '--json',
    );
    expect(granted).toMatchObject({ code: 0, err: '' });
    const grant = JSON.parse(granted.out) as { id: string; status: string };
    expect(grant.status).toBe('requested');

    const approved = await cli('access', 'approve', grant.id, '--db', db, '--as', 'Bo');
    expect(approved).toMatchObject({ code: 0, err: '' });
    expect(approved.out).toContain('active');

    const listed = await cli('access', 'list', '--db', db, '--json');
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.out) as {
      principals: { name: string }[];
      grants: {
        id: string;
        status: string;
        policy: { decision: string };
        approved: { by: string };
      }[];
    };
    expect(json.principals.map((p) => p.name)).toEqual(['Acme analysts']);
    expect(json.grants).toMatchObject([
      { id: grant.id, status: 'active', policy: { decision: 'allow' }, approved: { by: 'Bo' } },
    ]);

    const revoked = await cli('access', 'revoke', grant.id, '--reason', 'Study over', '--db', db);
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect((await cli('access', 'list', '--db', db)).out).toContain('revoked; policy allow');
  });

  it('refuses a denied request with its reasons (exit 1) and writes nothing', async () => {
    const { db } = workspaceFile();
    const before = ledgerSize(db);
    const refused = await cli(
      'access',
      'grant',
      ...request('Acme analysts', 'admin'),
      '--justification',
      'Everything',
      '--db',
      db,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[level.within_tier_maximum]');
    expect(refused.err).toContain('[POLICY_DENIED]');
    expect(ledgerSize(db)).toBe(before);
  });

  it('adds a principal', async () => {
    const { db } = workspaceFile();
    const added = await cli(
      'access',
      'principal',
      'add',
      '--name',
      'Acme integration service',
      '--organisation',
      'Acme',
      '--kind',
      'partner-role',
      '--tier',
      'strategic',
      '--legal-basis',
      'contract,consent',
      '--db',
      db,
      '--json',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(added.out)).toMatchObject({
      name: 'Acme integration service',
      tier: 'strategic',
      legalBases: ['consent', 'contract'],
    });
    const badKind = await cli(
      'access',
      'principal',
      'add',
      '--name',
      'X',
      '--organisation',
      'Acme',
      '--kind',
      'robot',
      '--db',
      db,
    );
    expect(badKind.code).toBe(2);
  });
});
