import { describe, expect, it } from 'vitest';
import type { CharterOverview, CharterStatus } from '../../../shared/domain/charter-version';
import { makeCharterVersion } from '../../test/charter-fixture';
import { charterActions, type CharterActor } from './charter-permissions';

const ada: CharterActor = { name: 'Ada Lovelace', roles: ['lead'] };
const grace: CharterActor = { name: 'Grace Hopper', roles: ['lead'] };

function overview(overrides: Partial<CharterOverview> = {}): CharterOverview {
  return {
    versions: [],
    governingVersion: 1,
    openVersion: 2,
    leads: [ada.name, grace.name],
    separateApprover: true,
    ...overrides,
  };
}

function actionsFor(
  status: CharterStatus,
  actor: CharterActor,
  options: { dirty?: boolean; readOnly?: boolean; overview?: Partial<CharterOverview> } = {},
) {
  return charterActions({
    version: makeCharterVersion({ version: 2, status, editors: [ada.name] }),
    overview: overview(options.overview),
    actor,
    workspaceReadOnly: options.readOnly ?? false,
    dirty: options.dirty ?? false,
  });
}

describe('charterActions', () => {
  it('offers each status its own steps', () => {
    const ids = (status: CharterStatus) => actionsFor(status, grace).map((action) => action.id);
    expect(ids('draft')).toEqual(['save', 'submit', 'discard']);
    expect(ids('in_review')).toEqual(['approve', 'return']);
    expect(ids('approved')).toEqual(['publish', 'return']);
    expect(ids('published')).toEqual(['exportOdrl']);
    expect(
      actionsFor('published', grace, { overview: { openVersion: null } }).map((a) => a.id),
    ).toEqual(['newDraft', 'exportOdrl']);
  });

  it('blocks approval by an author only when a separate approver is required', () => {
    const byAuthor = actionsFor('in_review', ada).find((action) => action.id === 'approve');
    expect(byAuthor?.blockedBy).toMatch(/Ask Grace Hopper to approve it/);
    const byOther = actionsFor('in_review', grace).find((action) => action.id === 'approve');
    expect(byOther?.blockedBy).toBeNull();
    const alone = actionsFor('in_review', ada, {
      overview: { leads: [ada.name], separateApprover: false },
    }).find((action) => action.id === 'approve');
    expect(alone?.blockedBy).toBeNull();
  });

  it('asks for a save before submitting, and blocks non-leads and read-only workspaces', () => {
    const submit = (options: Parameters<typeof actionsFor>[2], actor = ada) =>
      actionsFor('draft', actor, options).find((action) => action.id === 'submit')?.blockedBy;
    expect(submit({ dirty: true })).toBe('Save your changes before submitting.');
    expect(submit({}, { name: 'Alan Turing', roles: ['auditor'] })).toMatch(
      /Only a governance lead/,
    );
    expect(submit({ readOnly: true })).toMatch(/read-only/);
    // Exporting never changes anything, so nothing blocks it.
    expect(
      actionsFor('published', { name: 'Alan Turing', roles: ['auditor'] }, { readOnly: true }).find(
        (action) => action.id === 'exportOdrl',
      )?.blockedBy,
    ).toBeNull();
  });
});
