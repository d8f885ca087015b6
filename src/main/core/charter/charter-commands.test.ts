import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CharterContent } from '../../../shared/domain/charter';
import type { NodeSetup } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { addMember } from '../members/member-commands';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import {
  approveCharter,
  createCharterDraft,
  discardCharterVersion,
  publishCharter,
  returnCharter,
  saveCharterDraft,
  submitCharter,
} from './charter-commands';
import {
  charterOverview,
  findCharterVersion,
  getCharterVersion,
  getGoverningCharter,
} from './charter-queries';

const tempDir = useTempDir();
const opened: Workspace[] = [];
afterEach(() => {
  for (const ws of opened.splice(0)) ws.close();
});

/** A new workspace as Workspace.create leaves it: version 1 is a draft of the template. */
function newWorkspace(setup: NodeSetup = testSetup): Workspace {
  const ws = Workspace.create(join(tempDir(), 'charter.concordat'), setup);
  opened.push(ws);
  return ws;
}

function ledgerTypes(ws: Workspace): string[] {
  return ws.sqlite.prepare('SELECT type FROM ledger_entry ORDER BY seq').pluck().all() as string[];
}

function lastPayload(ws: Workspace): Record<string, unknown> {
  const bytes = ws.sqlite
    .prepare('SELECT bytes FROM ledger_entry ORDER BY seq DESC LIMIT 1')
    .pluck()
    .get() as Buffer;
  return (JSON.parse(bytes.toString('utf8')) as { payload: Record<string, unknown> }).payload;
}

/** The error `run` throws, for checking its message as well as its code. */
function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Refused with `code`, and nothing written: neither a ledger entry nor a row. */
function expectRefused(ws: Workspace, code: string, run: () => unknown): void {
  const size = ws.ledger.size;
  const overview = JSON.stringify(charterOverview(ws));
  expect(thrownCode(run)).toBe(code);
  expect(ws.ledger.size).toBe(size);
  expect(JSON.stringify(charterOverview(ws))).toBe(overview);
}

function revisionOf(ws: Workspace, version: number): number {
  return getCharterVersion(ws, version).revision;
}

function edited(content: CharterContent, title: string): CharterContent {
  return { ...content, title };
}

/** Takes the version from draft to published as the acting member. */
function publish(ws: Workspace, version: number): void {
  const step = () => ({ version, expectedRevision: revisionOf(ws, version) });
  submitCharter(ws, step());
  approveCharter(ws, { ...step(), note: '' });
  publishCharter(ws, step());
}

describe('charter lifecycle', () => {
  it('takes the template draft through review to publication', () => {
    const ws = newWorkspace();
    const v1 = getCharterVersion(ws, 1);
    expect(v1).toMatchObject({ status: 'draft', revision: 1, basedOn: null });
    const before = ws.ledger.size;

    const saved = saveCharterDraft(ws, {
      version: 1,
      expectedRevision: 1,
      content: edited(v1.content, 'Acme data-sharing charter'),
    });
    expect(saved).toMatchObject({
      status: 'draft',
      revision: 2,
      title: 'Acme data-sharing charter',
    });
    expect(saved).not.toHaveProperty('content');

    const submitted = submitCharter(ws, { version: 1, expectedRevision: 2 });
    expect(submitted.status).toBe('in_review');
    expect(submitted.submitted?.by).toBe('Ada Lovelace');

    const approved = approveCharter(ws, { version: 1, expectedRevision: 2, note: 'Looks right' });
    expect(approved.status).toBe('approved');
    expect(approved.approved).toMatchObject({ by: 'Ada Lovelace', note: 'Looks right' });

    const published = publishCharter(ws, { version: 1, expectedRevision: 2 });
    expect(published.status).toBe('published');
    expect(published.published?.by).toBe('Ada Lovelace');
    expect(lastPayload(ws)).toMatchObject({ id: v1.id, supersedes: null });
    expect(getGoverningCharter(ws)?.version).toBe(1);
    expect(charterOverview(ws)).toMatchObject({ governingVersion: 1, openVersion: null });

    expect(ledgerTypes(ws).slice(before)).toEqual([
      'charter.draft_saved',
      'charter.submitted',
      'charter.approved',
      'charter.published',
    ]);
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('starts a new draft as a copy of a version and supersedes it on publication', () => {
    const ws = newWorkspace();
    publish(ws, 1);
    const v1 = getCharterVersion(ws, 1);

    const v2 = createCharterDraft(ws, 1);
    expect(v2).toMatchObject({
      version: 2,
      status: 'draft',
      basedOn: 1,
      revision: 1,
      created: { by: 'Ada Lovelace' },
      editors: ['Ada Lovelace'],
    });
    expect(v2.content).toEqual(v1.content);
    expect(ledgerTypes(ws).at(-1)).toBe('charter.draft_created');

    saveCharterDraft(ws, {
      version: 2,
      expectedRevision: 1,
      content: edited(v2.content, 'Second'),
    });
    publish(ws, 2);
    expect(lastPayload(ws)).toMatchObject({ id: v2.id, supersedes: v1.id });
    expect(getCharterVersion(ws, 1)).toMatchObject({ status: 'superseded' });
    expect(getCharterVersion(ws, 1).supersededAt).not.toBeNull();
    expect(getCharterVersion(ws, 1).content.title).toBe(v1.content.title);
    expect(getGoverningCharter(ws)?.version).toBe(2);
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('never changes a published version: CHARTER_LOCKED, with the way forward', () => {
    const ws = newWorkspace();
    publish(ws, 1);
    const v1 = getCharterVersion(ws, 1);
    const save = () =>
      saveCharterDraft(ws, {
        version: 1,
        expectedRevision: v1.revision,
        content: edited(v1.content, 'Rewritten history'),
      });
    expectRefused(ws, 'CHARTER_LOCKED', save);
    expect(thrown(save).message).toMatch(
      /^Version 1 was published on \d{4}-\d{2}-\d{2} and cannot change; start a new draft from it\.$/,
    );
    const step = { version: 1, expectedRevision: v1.revision };
    expectRefused(ws, 'CHARTER_LOCKED', () => submitCharter(ws, step));
    expectRefused(ws, 'CHARTER_LOCKED', () => returnCharter(ws, { ...step, reason: 'No' }));
    expectRefused(ws, 'CHARTER_LOCKED', () => discardCharterVersion(ws, step));

    // Superseded is just as final.
    createCharterDraft(ws, 1);
    publish(ws, 2);
    expectRefused(ws, 'CHARTER_LOCKED', save);
    expectRefused(ws, 'CHARTER_LOCKED', () => publishCharter(ws, step));
    expect(getCharterVersion(ws, 1).content).toEqual(v1.content);
  });

  it('refuses a second open version, naming the one that is open', () => {
    const ws = newWorkspace();
    const error = thrown(() => createCharterDraft(ws, 1));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('Version 1 is still a draft; publish or discard it');
    expectRefused(ws, 'CONFLICT', () => createCharterDraft(ws, 1));

    publish(ws, 1);
    createCharterDraft(ws, 1);
    submitCharter(ws, { version: 2, expectedRevision: 1 });
    expect(thrown(() => createCharterDraft(ws, 1)).message).toContain(
      'Version 2 is still in review',
    );
    expectRefused(ws, 'NOT_FOUND', () => createCharterDraft(ws, 9));
  });

  it('edits only a draft, with the revision the editor saw', () => {
    const ws = newWorkspace();
    const v1 = getCharterVersion(ws, 1);
    const save = (expectedRevision: number, title = 'Edited') =>
      saveCharterDraft(ws, { version: 1, expectedRevision, content: edited(v1.content, title) });

    save(1, 'First');
    // Someone still looking at revision 1 is refused rather than overwriting revision 2.
    expectRefused(ws, 'CONFLICT', () => save(1, 'Second'));
    expect(thrown(() => save(1)).message).toContain('now revision 2, you had revision 1');
    expect(getCharterVersion(ws, 1).content.title).toBe('First');

    // Content from a caller that skipped the contract is parsed here too.
    const broken = { ...v1.content, partnerTiers: [] };
    expectRefused(ws, 'INVALID_INPUT', () =>
      saveCharterDraft(ws, { version: 1, expectedRevision: 2, content: broken }),
    );
    const invalid = thrown(() =>
      saveCharterDraft(ws, {
        version: 1,
        expectedRevision: 2,
        content: { ...v1.content, nextReviewDate: v1.content.effectiveDate },
      }),
    );
    expect(invalid.issues).toEqual([
      {
        path: 'content.nextReviewDate',
        message: 'The next review must come after the effective date',
      },
    ]);

    submitCharter(ws, { version: 1, expectedRevision: 2 });
    const inReview = thrown(() => save(2));
    expect(inReview.code).toBe('CONFLICT');
    expect(inReview.message).toBe(
      'Version 1 is in review, so it cannot be edited. Return it to draft first.',
    );
    expectRefused(ws, 'CONFLICT', () => save(2));
    approveCharter(ws, { version: 1, expectedRevision: 2, note: '' });
    expectRefused(ws, 'CONFLICT', () => save(2));
    expectRefused(ws, 'NOT_FOUND', () =>
      saveCharterDraft(ws, { version: 5, expectedRevision: 1, content: v1.content }),
    );
  });

  it('moves only along the lifecycle, and only from the revision the user saw', () => {
    const ws = newWorkspace();
    const at = (expectedRevision: number) => ({ version: 1, expectedRevision });
    expectRefused(ws, 'CONFLICT', () => approveCharter(ws, { ...at(1), note: '' }));
    expectRefused(ws, 'CONFLICT', () => publishCharter(ws, at(1)));
    expectRefused(ws, 'CONFLICT', () => returnCharter(ws, { ...at(1), reason: 'Why' }));
    expectRefused(ws, 'CONFLICT', () => submitCharter(ws, at(7)));

    submitCharter(ws, at(1));
    expectRefused(ws, 'CONFLICT', () => submitCharter(ws, at(1)));
    expectRefused(ws, 'CONFLICT', () => publishCharter(ws, at(1)));
    expectRefused(ws, 'CONFLICT', () => approveCharter(ws, { ...at(2), note: '' }));
    expectRefused(ws, 'CONFLICT', () => returnCharter(ws, { ...at(2), reason: 'Why' }));

    approveCharter(ws, { ...at(1), note: '' });
    expectRefused(ws, 'CONFLICT', () => approveCharter(ws, { ...at(1), note: '' }));
    expectRefused(ws, 'CONFLICT', () => publishCharter(ws, at(3)));
    expectRefused(ws, 'CONFLICT', () => discardCharterVersion(ws, at(3)));
    expect(publishCharter(ws, at(1)).status).toBe('published');
  });

  it('returns a version under review or approved to draft, with a reason', () => {
    const ws = newWorkspace();
    const at = { version: 1, expectedRevision: 1 };
    submitCharter(ws, at);
    expectRefused(ws, 'INVALID_INPUT', () => returnCharter(ws, { ...at, reason: '   ' }));

    const returned = returnCharter(ws, { ...at, reason: 'Add the incident clause' });
    expect(returned).toMatchObject({
      status: 'draft',
      submitted: null,
      returned: { by: 'Ada Lovelace', reason: 'Add the incident clause' },
    });

    const resubmitted = submitCharter(ws, at);
    expect(resubmitted.returned).toBeNull();
    approveCharter(ws, { ...at, note: 'ok' });
    const again = returnCharter(ws, { ...at, reason: 'One more thing' });
    expect(again).toMatchObject({ status: 'draft', approved: null, submitted: null });
    expect(ledgerTypes(ws).filter((t) => t === 'charter.returned')).toHaveLength(2);
  });

  it('lets only governance leads act on the charter', () => {
    const ws = newWorkspace({ organisation: 'Audit Co', operator: 'Ida', roles: ['auditor'] });
    const error = thrown(() => submitCharter(ws, { version: 1, expectedRevision: 1 }));
    expect(error.code).toBe('FORBIDDEN_ROLE');
    expect(error.message).toContain('needs the Governance lead role');
    const v1 = getCharterVersion(ws, 1);
    const at = { version: 1, expectedRevision: 1 };
    for (const attempt of [
      () => createCharterDraft(ws, 1),
      () => saveCharterDraft(ws, { ...at, content: v1.content }),
      () => submitCharter(ws, at),
      () => returnCharter(ws, { ...at, reason: 'x' }),
      () => approveCharter(ws, { ...at, note: '' }),
      () => publishCharter(ws, at),
      () => discardCharterVersion(ws, at),
    ]) {
      expectRefused(ws, 'FORBIDDEN_ROLE', attempt);
    }
  });

  it('refuses a steward sharing a lead’s node', () => {
    const ws = newWorkspace();
    const steward = addMember(ws, { name: 'Sam Steward', roles: ['steward'] });
    ws.actAs(steward.id);
    expectRefused(ws, 'FORBIDDEN_ROLE', () =>
      submitCharter(ws, { version: 1, expectedRevision: 1 }),
    );
  });
});

describe('a second pair of eyes', () => {
  it('needs another lead to approve when the node has several', () => {
    const ws = newWorkspace();
    const ada = ws.actor;
    const grace = addMember(ws, { name: 'Grace Hopper', roles: ['lead'] });
    submitCharter(ws, { version: 1, expectedRevision: 1 });

    const approve = () => approveCharter(ws, { version: 1, expectedRevision: 1, note: '' });
    const error = thrown(approve);
    expect(error.code).toBe('FORBIDDEN_ROLE');
    expect(error.message).toBe(
      'Another governance lead must approve version 1: Ada Lovelace wrote or edited it. Leads who may approve: Grace Hopper.',
    );
    expectRefused(ws, 'FORBIDDEN_ROLE', approve);

    ws.actAs(grace.id);
    expect(approve().approved?.by).toBe('Grace Hopper');
    ws.actAs(ada.id);
    expect(publishCharter(ws, { version: 1, expectedRevision: 1 }).status).toBe('published');
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('counts every editor as an author', () => {
    const ws = newWorkspace();
    const ada = ws.actor;
    const grace = addMember(ws, { name: 'Grace Hopper', roles: ['lead'] });
    const content = getCharterVersion(ws, 1).content;
    ws.actAs(grace.id);
    const saved = saveCharterDraft(ws, {
      version: 1,
      expectedRevision: 1,
      content: edited(content, 'Grace was here'),
    });
    expect(saved.editors).toEqual(['Ada Lovelace', 'Grace Hopper']);
    submitCharter(ws, { version: 1, expectedRevision: 2 });
    const approve = () => approveCharter(ws, { version: 1, expectedRevision: 2, note: '' });
    expectRefused(ws, 'FORBIDDEN_ROLE', approve);
    ws.actAs(ada.id);
    expect(thrown(approve).message).toContain('Every active lead has edited it');

    const lin = addMember(ws, { name: 'Lin Reviewer', roles: ['lead'] });
    ws.actAs(lin.id);
    expect(approve().status).toBe('approved');
  });
});

describe('discarding', () => {
  it('deletes an unpublished version, keeps its history and never reuses its number', () => {
    const ws = newWorkspace();
    publish(ws, 1);
    const v2 = createCharterDraft(ws, 1);
    submitCharter(ws, { version: 2, expectedRevision: 1 });
    expectRefused(ws, 'CONFLICT', () =>
      discardCharterVersion(ws, { version: 2, expectedRevision: 4 }),
    );

    expect(discardCharterVersion(ws, { version: 2, expectedRevision: 1 })).toEqual({
      discarded: 2,
    });
    expect(findCharterVersion(ws, 2)).toBeUndefined();
    expect(lastPayload(ws)).toMatchObject({ id: v2.id, by: 'Ada Lovelace' });
    expect(ledgerTypes(ws).at(-1)).toBe('charter.draft_discarded');

    expect(createCharterDraft(ws, 1).version).toBe(3);
    expect(charterOverview(ws)).toMatchObject({ governingVersion: 1, openVersion: 3 });
    expect(verifyWorkspace(ws, { deep: true }).ok).toBe(true);
  });

  it('keeps the only version there is', () => {
    const ws = newWorkspace();
    const error = thrown(() => discardCharterVersion(ws, { version: 1, expectedRevision: 1 }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('only charter version');
    expectRefused(ws, 'CONFLICT', () =>
      discardCharterVersion(ws, { version: 1, expectedRevision: 1 }),
    );
  });
});
