import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { can, permissionIds } from '../../../shared/domain/permissions';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

describe('the permission matrix in Settings', () => {
  it('lists every action with the roles allowed; auditors only keep peers and import, viewers nothing', async () => {
    renderApp('/settings', new FakeTransport());
    const table = await screen.findByTestId('permissions-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(permissionIds.length);
    const approve = rows.find((row) => row.textContent.includes('Approve and publish'));
    const cells = within(approve as HTMLElement).getAllByRole('cell');
    expect(cells.map((cell) => cell.textContent)).toEqual([
      '✓allowed',
      '—not allowed',
      '—not allowed',
      '—not allowed',
    ]);
    // An auditor's node pins the peers it verifies and imports their snapshots; nothing else.
    const auditorAllowed = permissionIds.filter((id) => can(['auditor'], id));
    expect(auditorAllowed).toEqual(['peer.manage', 'snapshot.import']);
    rows.forEach((row, index) => {
      const [, , auditor, viewer] = within(row).getAllByRole('cell');
      const id = permissionIds[index];
      expect(auditor?.textContent).toBe(
        id && auditorAllowed.includes(id) ? '✓allowed' : '—not allowed',
      );
      expect(viewer?.textContent).toContain('not allowed');
    });
  });
});
