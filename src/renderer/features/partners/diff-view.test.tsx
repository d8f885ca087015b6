import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DiffItem, SnapshotDiff } from '../../../shared/domain/sync';
import { DiffView } from './diff-view';

function datasets(count: number): DiffItem[] {
  return Array.from({ length: count }, (_, index) => ({
    kind: 'dataset' as const,
    id: `d${String(index)}`,
    label: `dataset-${String(index)} — Dataset ${String(index)}`,
  }));
}

describe('the diff of an import', () => {
  it('groups records by kind with their counts, names changed fields and the ones not listed', () => {
    const diff: SnapshotDiff = {
      // Main lists the first 50 of each; the counts are exact.
      added: [
        ...datasets(48),
        { kind: 'grant', id: 'g1', label: 'Acme analysts → bus-positions (read, approved)' },
        { kind: 'grant', id: 'g2', label: 'Acme integration → stops (read, approved)' },
      ],
      changed: [
        {
          kind: 'charter',
          id: 'c2',
          label: 'Charter v2 “Data sharing charter” (published)',
          fields: ['status', 'published_at'],
        },
      ],
      removed: [{ kind: 'principal', id: 'p9', label: 'Old role (Acme)' }],
      counts: { added: 1250, changed: 1, removed: 1 },
    };
    render(<DiffView diff={diff} />);
    const view = screen.getByTestId('snapshot-diff');
    expect(view).toHaveTextContent('1,250 added · 1 changed · 1 removed');

    const added = screen.getByRole('region', { name: 'Added records' });
    expect(within(added).getByRole('heading', { level: 3 })).toHaveTextContent('Added (1,250)');
    const kinds = within(added)
      .getAllByRole('heading', { level: 4 })
      .map((heading) => heading.textContent);
    expect(kinds).toEqual(['Datasets (48)', 'Grants (2)']);
    expect(within(added).getAllByRole('listitem')).toHaveLength(50);
    expect(within(added).getByText(/and 1,200 more/)).toBeInTheDocument();

    const changed = screen.getByRole('region', { name: 'Changed records' });
    expect(changed).toHaveTextContent('Charter versions (1)');
    expect(changed).toHaveTextContent(
      'Charter v2 “Data sharing charter” (published) — status, published at',
    );
    expect(within(changed).queryByText(/more/)).not.toBeInTheDocument();

    const removed = screen.getByRole('region', { name: 'Removed records' });
    expect(removed).toHaveTextContent('Principals (1)');
    expect(removed).toHaveTextContent('Old role (Acme)');
  });

  it('leaves out empty sections, and says so when nothing changed', () => {
    const { rerender } = render(
      <DiffView
        diff={{
          added: [],
          changed: [{ kind: 'grant', id: 'g1', label: 'A grant', fields: ['status'] }],
          removed: [],
          counts: { added: 0, changed: 1, removed: 0 },
        }}
      />,
    );
    expect(screen.queryByRole('region', { name: 'Added records' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Changed records' })).toBeInTheDocument();
    rerender(
      <DiffView
        diff={{ added: [], changed: [], removed: [], counts: { added: 0, changed: 0, removed: 0 } }}
      />,
    );
    expect(screen.getByTestId('snapshot-diff')).toHaveTextContent(/Nothing changed/);
  });
});
