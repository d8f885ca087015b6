/** The Concordat mark: two overlapping rings, two parties agreeing. */
export function BrandMark({ withName = true }: { withName?: boolean }) {
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
        <rect width="24" height="24" rx="6" className="brand-mark-bg" />
        <circle cx="9.5" cy="12" r="4.5" className="brand-mark-ring" />
        <circle cx="14.5" cy="12" r="4.5" className="brand-mark-ring" />
      </svg>
      {withName ? <span className="brand-name">Concordat</span> : null}
    </span>
  );
}
