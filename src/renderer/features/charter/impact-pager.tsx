import { useState } from 'react';
import { formatCount } from '../../ui/format';

/** Rows per page: a page of form rows stays quick to render and to tab through. */
export const IMPACT_PAGE_SIZE = 20;

/**
 * A page of `items`. The impact can list thousands of grants, each row with form controls;
 * paging keeps the dialog light and a row's controls stay mounted while it is on screen
 * (a virtualised list would unmount the field being typed into when it scrolls away).
 */
export function usePage<T>(items: readonly T[], pageSize = IMPACT_PAGE_SIZE) {
  const [requested, setPage] = useState(0);
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(requested, pageCount - 1);
  const start = page * pageSize;
  return {
    page,
    pageCount,
    start,
    rows: items.slice(start, start + pageSize),
    setPage,
    /** Shows the page that holds item `index`. */
    showIndex: (index: number) => {
      setPage(Math.floor(index / pageSize));
    },
  };
}

interface PagerProps {
  label: string;
  total: number;
  page: ReturnType<typeof usePage>;
}

/** "Grants 21–40 of 340" with Previous and Next; nothing when everything fits on one page. */
export function Pager({ label, total, page }: PagerProps) {
  if (page.pageCount <= 1) return null;
  const last = Math.min(total, page.start + IMPACT_PAGE_SIZE);
  return (
    <nav className="impact-pager" aria-label={`${label} pages`}>
      <button
        type="button"
        className="button"
        disabled={page.page === 0}
        onClick={() => {
          page.setPage(page.page - 1);
        }}
      >
        Previous
      </button>
      <span className="impact-pager-position" aria-live="polite">
        {label} {formatCount(page.start + 1)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <button
        type="button"
        className="button"
        disabled={page.page >= page.pageCount - 1}
        onClick={() => {
          page.setPage(page.page + 1);
        }}
      >
        Next
      </button>
    </nav>
  );
}
