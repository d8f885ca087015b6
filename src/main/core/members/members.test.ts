import { describe, expect, it } from 'vitest';
import { sampleDraft } from '../testing/charter-setup';
import { useTempWorkspace } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { createDataset } from '../catalog/catalog-commands';
import { addMember, updateMember } from './member-commands';
import { listMembers } from './member-queries';

const newWorkspace = useTempWorkspace();

function lastActor(ws: ReturnType<typeof newWorkspace>): string {
  return ws.sqlite
    .prepare('SELECT actor FROM ledger_entry ORDER BY seq DESC LIMIT 1')
    .pluck()
    .get() as string;
}

describe('members sharing a node', () => {
  it('starts with the operator who set the node up, acting', () => {
    const ws = newWorkspace();
    const list = listMembers(ws);
    expect(list.members).toHaveLength(1);
    expect(list.members[0]).toMatchObject({ name: 'Ada Lovelace', active: true });
    expect(list.actingId).toBe(list.members[0]?.id);
  });

  it('records each change under the member at the keyboard and checks their roles', () => {
    const ws = newWorkspace();
    const grace = addMember(ws, { name: 'Grace Hopper', roles: ['steward'] });
    const alan = addMember(ws, { name: 'Alan Turing', roles: ['auditor'] });
    ws.actAs(grace.id);
    createDataset(ws, sampleDraft());
    expect(lastActor(ws)).toBe('Grace Hopper');

    ws.actAs(alan.id);
    const size = ws.ledger.size;
    expect(thrownCode(() => createDataset(ws, sampleDraft({ identifier: 'other' })))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(thrownCode(() => addMember(ws, { name: 'Eve', roles: ['lead'] }))).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(ws.ledger.size).toBe(size);
  });

  it('refuses a duplicate name, an unknown member, and leaving no active lead', () => {
    const ws = newWorkspace();
    expect(thrownCode(() => addMember(ws, { name: 'ada lovelace', roles: ['viewer'] }))).toBe(
      'DUPLICATE',
    );
    expect(thrownCode(() => ws.actAs('nobody'))).toBe('NOT_FOUND');
    const ada = listMembers(ws).members[0];
    if (!ada) throw new Error('no first member');
    expect(
      thrownCode(() =>
        updateMember(ws, { id: ada.id, name: ada.name, roles: ['steward'], active: true }),
      ),
    ).toBe('CONFLICT');
    const jonas = addMember(ws, { name: 'Jonas Weber', roles: ['lead'] });
    updateMember(ws, { id: ada.id, name: ada.name, roles: ['steward'], active: true });
    // Ada is no lead any more; Jonas, the last one, cannot step down either.
    expect(thrownCode(() => updateMember(ws, { ...jonas, active: false }))).toBe('FORBIDDEN_ROLE');
    ws.actAs(jonas.id);
    expect(thrownCode(() => updateMember(ws, { ...jonas, active: false }))).toBe('CONFLICT');
  });

  it('cannot act as a member who was deactivated', () => {
    const ws = newWorkspace();
    const grace = addMember(ws, { name: 'Grace Hopper', roles: ['steward'] });
    updateMember(ws, { ...grace, active: false });
    expect(thrownCode(() => ws.actAs(grace.id))).toBe('CONFLICT');
  });
});
