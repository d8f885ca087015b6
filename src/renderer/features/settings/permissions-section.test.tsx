import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { permissionIds } from '../../../shared/domain/permissions';
import { FakeTransport } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

describe('the permission matrix in Settings', () => {
  it('lists every action with the roles allowed, auditors and viewers allowed none', async () => {
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
    for (const row of rows) {
      const [, , auditor, viewer] = within(row).getAllByRole('cell');
      expect(auditor?.textContent).toContain('not allowed');
      expect(viewer?.textContent).toContain('not allowed');
    }
  });
});
