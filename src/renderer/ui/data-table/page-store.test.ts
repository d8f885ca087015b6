import { describe, expect, it, vi } from 'vitest';
import { PageStore, PAGE_SIZE, rowAt, type RowsPage } from './page-store';

interface Item {
  name: string;
}

function pageOf(offset: number, limit: number, total: number, tag = ''): RowsPage<Item> {
  const count = Math.max(0, Math.min(limit, total - offset));
  return {
    rows: Array.from({ length: count }, (_, i) => ({ name: `row${tag}.${offset + i}` })),
    total,
  };
}

describe('PageStore', () => {
  it('fetches each page in view once', async () => {
    const load = vi.fn((offset: number, limit: number) =>
      Promise.resolve(pageOf(offset, limit, 1000)),
    );
    const store = new PageStore(load);

    store.ensureRange(0, 0);
    store.ensureRange(0, 0);
    await vi.waitFor(() => {
      expect(store.getSnapshot().total).toBe(1000);
    });
    // A window straddling the first two pages, then scrolled a little: the second page once.
    store.ensureRange(PAGE_SIZE - 20, PAGE_SIZE + 30);
    store.ensureRange(PAGE_SIZE - 10, PAGE_SIZE + 40);
    await vi.waitFor(() => {
      expect(store.getSnapshot().loading).toBe(false);
    });

    expect(load.mock.calls).toEqual([
      [0, PAGE_SIZE],
      [PAGE_SIZE, PAGE_SIZE],
    ]);
    const last = PAGE_SIZE + 30;
    expect(rowAt(store.getSnapshot().pages, last)?.name).toBe(`row.${String(last)}`);
  });

  it('keeps rows on screen while an invalidation refetches them', async () => {
    let tag = '';
    const load = vi.fn((offset: number, limit: number) =>
      Promise.resolve(pageOf(offset, limit, 10, tag)),
    );
    const store = new PageStore(load);
    store.ensureRange(0, 5);
    await vi.waitFor(() => {
      expect(store.getSnapshot().total).toBe(10);
    });

    tag = '-v2';
    store.invalidate();
    expect(rowAt(store.getSnapshot().pages, 0)?.name).toBe('row.0');
    await vi.waitFor(() => {
      expect(rowAt(store.getSnapshot().pages, 0)?.name).toBe('row-v2.0');
    });
  });

  it('drops answers that an invalidation made stale', async () => {
    const resolvers: ((page: RowsPage<Item>) => void)[] = [];
    const store = new PageStore(
      () =>
        new Promise<RowsPage<Item>>((resolve) => {
          resolvers.push(resolve);
        }),
    );
    store.ensureRange(0, 0);
    store.invalidate();
    resolvers[1]?.(pageOf(0, PAGE_SIZE, 2, '-new'));
    resolvers[0]?.(pageOf(0, PAGE_SIZE, 5, '-old'));
    await vi.waitFor(() => {
      expect(store.getSnapshot().loading).toBe(false);
    });
    expect(store.getSnapshot().total).toBe(2);
    expect(rowAt(store.getSnapshot().pages, 0)?.name).toBe('row-new.0');
  });

  it('replaces, not merges, the rows of the query it was seeded from', async () => {
    const first = new PageStore((o, l) => Promise.resolve(pageOf(o, l, 500, '-a')));
    first.ensureRange(0, 0);
    await vi.waitFor(() => {
      expect(first.getSnapshot().total).toBe(500);
    });
    first.ensureRange(0, 2 * PAGE_SIZE + 50);
    await vi.waitFor(() => {
      expect(first.getSnapshot().pages.size).toBe(3);
    });

    const second = new PageStore(
      (o, l) => Promise.resolve(pageOf(o, l, 3, '-b')),
      first.getSnapshot(),
    );
    expect(second.getSnapshot().total).toBe(500);
    second.ensureRange(0, 0);
    await vi.waitFor(() => {
      expect(second.getSnapshot().total).toBe(3);
    });
    expect([...second.getSnapshot().pages.keys()]).toEqual([0]);
  });
});
