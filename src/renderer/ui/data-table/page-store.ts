import { toRpcError, type RpcError } from '../../api/client';

/** Rows per request; the table asks for whole pages as it scrolls. */
export const PAGE_SIZE = 100;

/** What main answers for one page: the rows from `offset`, and how many match in all. */
export interface RowsPage<Row> {
  rows: readonly Row[];
  total: number;
}

export type LoadPage<Row> = (offset: number, limit: number) => Promise<RowsPage<Row>>;

export interface PagesSnapshot<Row> {
  /** Rows matching the query; null until the first page has arrived. */
  total: number | null;
  /** Loaded pages by page number. Stale pages stay visible until their refetch lands. */
  pages: ReadonlyMap<number, readonly Row[]>;
  error: RpcError | null;
  loading: boolean;
}

export function rowAt<Row>(pages: PagesSnapshot<Row>['pages'], index: number): Row | undefined {
  return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
}

/**
 * The rows of one server-side query, fetched a page at a time as the table scrolls. One store per
 * query (its cache key): a new query gets a new, empty store. `invalidate` keeps the rows on
 * screen and refetches the pages in view, so a change elsewhere never blanks the table.
 */
export class PageStore<Row> {
  private snapshot: PagesSnapshot<Row> = {
    total: null,
    pages: new Map(),
    error: null,
    loading: false,
  };
  private readonly listeners = new Set<() => void>();
  /** Bumped by invalidate(); answers to older requests are dropped. */
  private generation = 0;
  /** Page → generation it was last requested in; covers both in-flight and loaded pages. */
  private readonly requested = new Map<number, number>();
  private inFlight = 0;
  private range: readonly [number, number] = [0, 0];
  private pendingInvalidation: ReturnType<typeof setTimeout> | undefined;
  /** Showing the previous query's rows until this query's first page lands. */
  private seeded: boolean;

  /**
   * `previous` is the snapshot of the query this one replaces: its rows stay on screen until
   * the new ones arrive, so changing the sort or a filter never flashes an empty table.
   */
  constructor(
    private readonly loadPage: LoadPage<Row>,
    previous?: PagesSnapshot<Row>,
  ) {
    this.seeded = previous !== undefined && previous.total !== null;
    if (previous && this.seeded) this.snapshot = { ...previous, error: null };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): PagesSnapshot<Row> => this.snapshot;

  /** Makes sure rows `first..last` (inclusive) are loaded or loading. */
  readonly ensureRange = (first: number, last: number): void => {
    this.range = [first, last];
    const { total } = this.snapshot;
    const lastRow = total === null ? first : Math.max(first, Math.min(last, total - 1));
    for (let page = pageOf(first); page <= pageOf(lastRow); page += 1) {
      if (this.requested.get(page) !== this.generation) this.fetchPage(page);
    }
  };

  readonly invalidate = (): void => {
    clearTimeout(this.pendingInvalidation);
    this.pendingInvalidation = undefined;
    this.generation += 1;
    this.update({ error: null });
    this.ensureRange(...this.range);
  };

  /**
   * Invalidates once for a burst of changes (an import reports thousands): the first change
   * schedules a refetch, the ones that arrive before it runs ride along.
   */
  readonly invalidateSoon = (delayMs = 100): void => {
    if (this.pendingInvalidation !== undefined) return;
    this.pendingInvalidation = setTimeout(this.invalidate, delayMs);
  };

  private fetchPage(page: number): void {
    const generation = this.generation;
    this.requested.set(page, generation);
    this.inFlight += 1;
    this.update({ loading: true });
    this.loadPage(page * PAGE_SIZE, PAGE_SIZE).then(
      (result) => {
        this.inFlight -= 1;
        if (generation !== this.generation) {
          this.update({ loading: this.inFlight > 0 });
          return;
        }
        const pages = new Map(this.seeded ? [] : this.snapshot.pages);
        this.seeded = false;
        pages.set(page, result.rows);
        this.update({ pages, total: result.total, error: null, loading: this.inFlight > 0 });
      },
      (error: unknown) => {
        this.inFlight -= 1;
        // Forget the request so the next ensureRange (or Retry) asks again.
        if (this.requested.get(page) === generation) this.requested.delete(page);
        this.update({
          loading: this.inFlight > 0,
          ...(generation === this.generation ? { error: toRpcError(error) } : {}),
        });
      },
    );
  }

  private update(patch: Partial<PagesSnapshot<Row>>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

function pageOf(row: number): number {
  return Math.floor(Math.max(0, row) / PAGE_SIZE);
}
