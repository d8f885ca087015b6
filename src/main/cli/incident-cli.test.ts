import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentListSchema, incidentRecordSchema } from '../../shared/domain/incident';
import { addPrincipal, approveGrant, requestGrant } from '../core/access/access-commands';
import { getGrant } from '../core/access/access-queries';
import { createDataset } from '../core/catalog/catalog-commands';
import { addMember } from '../core/members/member-commands';
import { publishOpenCharter, sampleDraft } from '../core/testing/charter-setup';
import { useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();
const cli = (...argv: string[]) => runCliCapturing(argv);

/** Days from today, YYYY-MM-DD: the CLI acts as of the real clock. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A closed workspace with Acme holding two active grants, and an auditor member. */
function workspaceFile(): { db: string; grants: string[] } {
  const db = join(tempDir(), 'ws.concordat');
  const ws = Workspace.create(db, {
    organisation: 'Metro Transit',
    operator: 'Ada',
    roles: ['lead', 'steward'],
  });
  try {
    publishOpenCharter(ws);
    const dataset = createDataset(ws, sampleDraft());
    addMember(ws, { name: 'Eve', roles: ['auditor'] });
    const grants = ['Acme analysts', 'Acme integration'].map((name) => {
      const principal = addPrincipal(ws, {
        kind: 'partner-role',
        name,
        organisation: 'Acme',
        tier: 'standard',
        legalBases: [],
      });
      const requested = requestGrant(ws, {
        principalId: principal.id,
        datasetId: dataset.id,
        level: 'read',
        purpose: 'dpv:ServiceProvision',
        start: inDays(0),
        until: inDays(200),
        justification: 'Punctuality analysis',
      });
      return approveGrant(ws, { id: requested.id }).id;
    });
    return { db, grants };
  } finally {
    ws.close();
  }
}

function grantStatus(db: string, id: string): string {
  const ws = Workspace.open(db, { readOnly: true });
  try {
    return getGrant(ws, id).status;
  } finally {
    ws.close();
  }
}

const record = (db: string, ...extra: string[]) =>
  cli(
    'incident',
    'record',
    '--subject',
    'partner:Acme',
    '--severity',
    'high',
    '--title',
    'Credentials leaked',
    '--description',
    'An Acme API key was posted publicly.',
    '--db',
    db,
    ...extra,
  );

describe('concordat incident', () => {
  it('records, lists, escalates, suspends the partner’s grants and resolves', async () => {
    const { db, grants } = workspaceFile();
    const recorded = await record(db, '--reporter', 'Acme security desk', '--json');
    expect(recorded).toMatchObject({ code: 0, err: '' });
    const incident = incidentRecordSchema.parse(JSON.parse(recorded.out));
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'high',
      reporter: 'Acme security desk',
      subject: { kind: 'partner', ref: 'Acme' },
    });

    const listed = await cli(
      'incident',
      'list',
      '--db',
      db,
      '--status',
      'open,escalated',
      '--json',
    );
    expect(listed.code).toBe(0);
    expect(incidentListSchema.parse(JSON.parse(listed.out)).rows.map((r) => r.id)).toEqual([
      incident.id,
    ]);

    const escalated = await cli(
      'incident',
      'escalate',
      incident.id,
      '--to',
      'CISO',
      '--note',
      'Key had write scope',
      '--severity',
      'critical',
      '--db',
      db,
    );
    expect(escalated).toMatchObject({ code: 0, err: '' });
    expect(escalated.out).toContain('critical, escalated');

    const suspended = await cli(
      'incident',
      'suspend-grants',
      incident.id,
      '--grant',
      grants.join(','),
      '--reason',
      'Until the key is rotated',
      '--db',
      db,
    );
    expect(suspended).toMatchObject({ code: 0, err: '' });
    expect(suspended.out).toContain('Suspended 2 grants');
    expect(grants.map((id) => grantStatus(db, id))).toEqual(['suspended', 'suspended']);

    const shown = await cli('incident', 'show', incident.id, '--db', db);
    expect(shown.out).toContain('Grant steps it caused');
    expect(shown.out).toContain(`suspended ${grants[0] ?? ''} by Ada: Until the key is rotated`);

    const resolved = await cli(
      'incident',
      'resolve',
      incident.id,
      '--resolution',
      'Key rotated',
      '--db',
      db,
      '--json',
    );
    expect(incidentRecordSchema.parse(JSON.parse(resolved.out)).status).toBe('resolved');
    const again = await cli('incident', 'resolve', incident.id, '--resolution', 'x', '--db', db);
    expect(again.code).toBe(1);
    expect(again.err).toContain('[CONFLICT]');
  });

  it('exits 2 for bad input, 1 for a refused role, and changes nothing', async () => {
    const { db, grants } = workspaceFile();
    const badSubject = await cli(
      'incident',
      'record',
      '--subject',
      'acme',
      '--severity',
      'high',
      '--title',
      't',
      '--description',
      'd',
      '--db',
      db,
    );
    expect(badSubject.code).toBe(2);
    expect(badSubject.err).toContain('partner:ORGANISATION');
    const badSeverity = await cli('incident', 'list', '--db', db, '--severity', 'huge');
    expect(badSeverity.code).toBe(2);
    const unknownPartner = await cli(
      'incident',
      'record',
      '--subject',
      'partner:Initech',
      '--severity',
      'low',
      '--title',
      't',
      '--description',
      'd',
      '--db',
      db,
    );
    expect(unknownPartner.code).toBe(2);

    const auditor = await record(db, '--as', 'Eve');
    expect(auditor.code).toBe(1);
    expect(auditor.err).toContain('[FORBIDDEN_ROLE]');

    const incident = incidentRecordSchema.parse(JSON.parse((await record(db, '--json')).out));
    const unknownGrant = await cli(
      'incident',
      'revoke-grants',
      incident.id,
      '--grant',
      `${grants[0] ?? ''},no-such-grant`,
      '--reason',
      'x',
      '--db',
      db,
    );
    expect(unknownGrant.code).toBe(2);
    expect(unknownGrant.err).toContain('no-such-grant');
    expect(grantStatus(db, grants[0] ?? '')).toBe('active');
    const listed = await cli('incident', 'list', '--db', db, '--json');
    expect(incidentListSchema.parse(JSON.parse(listed.out)).total).toBe(1);
  });

  it('has help text naming every subcommand', async () => {
    const help = await cli('help', 'incident');
    expect(help.code).toBe(0);
    for (const sub of [
      'record',
      'list',
      'show',
      'escalate',
      'resolve',
      'suspend-grants',
      'revoke-grants',
    ]) {
      expect(help.out).toContain(`incident ${sub}`);
    }
  });
});
