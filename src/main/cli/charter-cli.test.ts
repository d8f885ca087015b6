import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CharterDiff } from '../../shared/domain/charter-diff-schema';
import type { CharterVersion, CharterVersionSummary } from '../../shared/domain/charter-version';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  saveCharterDraft,
  submitCharter,
} from '../core/charter/charter-commands';
import { testSetup, useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();

const cli = (...argv: string[]) => runCliCapturing(argv);

/**
 * A workspace whose version 1 (the template) is published and whose version 2 is a draft with
 * a new title and a stricter operational category; closed, like a file on disk.
 */
function charterWorkspace(): string {
  const path = join(tempDir(), 'charter.concordat');
  const ws = Workspace.create(path, testSetup);
  try {
    const step = { version: 1, expectedRevision: 1 };
    submitCharter(ws, step);
    approveCharter(ws, { ...step, note: 'Approved at the kick-off' });
    publishCharter(ws, step);
    const v2 = createCharterDraft(ws, 1);
    saveCharterDraft(ws, {
      version: 2,
      expectedRevision: 1,
      content: {
        ...v2.content,
        title: 'Metro data charter',
        categories: v2.content.categories.map((c) =>
          c.id === 'operational'
            ? { ...c, maxAccess: { ...c.maxAccess, standard: 'aggregate' } }
            : c,
        ),
      },
    });
  } finally {
    ws.close();
  }
  return path;
}

describe('concordat charter', () => {
  it('shows the governing version by default, readable and as JSON', async () => {
    const db = charterWorkspace();
    const shown = await cli('charter', 'show', '--db', db);
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toContain('Data-sharing charter — version 1 (Published, revision 1)');
    expect(shown.out).toMatch(
      /Approved: +Ada Lovelace, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC — "Approved at the kick-off"/,
    );
    expect(shown.out).toMatch(/Published: +Ada Lovelace/);
    expect(shown.out).toContain('Access levels (lowest first)\n  1. None — No access.');
    expect(shown.out).toContain(
      '  Operational data [operational] — Internal, no personal data, owned by Operations',
    );
    expect(shown.out).toMatch(/Max access: +Pilot: Aggregate, Standard: Read, Strategic: Write/);
    expect(shown.out).toMatch(/Retention: +2 years/);
    expect(shown.out).toMatch(/Never: +Resale of the data to third parties\./);
    expect(shown.out).toContain('Clauses\n  Purpose limitation\n      Partners use shared data');

    const json = await cli('charter', 'show', '--db', db, '--version', '2', '--json');
    expect(json.code).toBe(0);
    const v2 = JSON.parse(json.out) as CharterVersion;
    expect(v2).toMatchObject({
      version: 2,
      status: 'draft',
      basedOn: 1,
      title: 'Metro data charter',
    });
    expect(v2.content.categories).toHaveLength(4);
  });

  it('shows the newest version when none is published', async () => {
    const path = join(tempDir(), 'fresh.concordat');
    Workspace.create(path, testSetup).close();
    const shown = await cli('charter', 'show', '--db', path);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('version 1 (Draft, revision 1)');
    expect(shown.out).toMatch(/Based on: +the template/);
  });

  it('compares two versions as text and as JSON', async () => {
    const db = charterWorkspace();
    const text = await cli('charter', 'diff', '1', '2', '--db', db);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain('Charter version 1 → 2: 2 changes');
    expect(text.out).toContain('Title: Data-sharing charter → Metro data charter');
    expect(text.out).toContain('Max access (Standard): Read → Aggregate');

    const json = await cli('charter', 'diff', '2', '1', '--db', db, '--json');
    const diff = JSON.parse(json.out) as CharterDiff;
    expect(diff).toMatchObject({ from: 2, to: 1, changeCount: 2 });

    expect(await cli('charter', 'diff', '1', '7', '--db', db)).toMatchObject({
      code: 1,
      err: expect.stringContaining('[NOT_FOUND]') as string,
    });
  });

  it('exports the published version as ODRL, to stdout or a file', async () => {
    const db = charterWorkspace();
    const printed = await cli('charter', 'odrl', '--db', db);
    expect(printed.code).toBe(0);
    const policy = JSON.parse(printed.out) as {
      '@type': string;
      uid: string;
      permission: unknown[];
    };
    expect(policy['@type']).toBe('Set');
    expect(policy.uid).toMatch(/^urn:concordat:.+:charter:1$/);
    expect(policy.permission).toHaveLength(10);

    const out = join(tempDir(), 'charter.jsonld');
    const written = await cli('charter', 'odrl', '--db', db, '--out', out);
    expect(written).toMatchObject({
      code: 0,
      out: `Wrote charter version 1 as an ODRL policy to ${out}`,
    });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(policy);

    const draft = await cli(
      'charter',
      'odrl',
      '--db',
      db,
      '--version',
      '2',
      '--out',
      join(tempDir(), 'x'),
    );
    expect(draft).toMatchObject({
      code: 1,
      err: 'concordat: Only a published version can be exported as ODRL; version 2 is a draft. [CONFLICT]',
    });
  });

  it('lists the history with status and stamps', async () => {
    const db = charterWorkspace();
    const text = await cli('charter', 'history', '--db', db);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Version 2 {2}Draft {2}"Metro data charter"/);
    expect(text.out).toContain('Version 1  Published (governing)  "Data-sharing charter"');
    expect(text.out).toMatch(/Based on: +version 1/);

    const json = JSON.parse(
      (await cli('charter', 'history', '--db', db, '--json')).out,
    ) as CharterVersionSummary[];
    expect(json.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
  });

  it('exits 2 for bad usage and creates nothing', async () => {
    const missing = join(tempDir(), 'missing.concordat');
    expect(await cli('charter')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown subcommand') as string,
    });
    expect(await cli('charter', 'show')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--db is required') as string,
    });
    expect((await cli('charter', 'show', '--db', missing, '--version', 'two')).code).toBe(2);
    expect((await cli('charter', 'diff', '1', '--db', missing)).code).toBe(2);
    expect((await cli('charter', 'history', '--db', missing, '--bogus')).code).toBe(2);
    expect(await cli('charter', 'history', '--db', missing)).toMatchObject({
      code: 2,
      err: expect.stringContaining('WORKSPACE_NOT_FOUND') as string,
    });
    expect(existsSync(missing)).toBe(false);
    expect((await cli('help', 'charter')).out).toContain('charter odrl --db PATH');
  });
});
