import type { ReactNode } from 'react';

/** Line icons drawn on a 16×16 grid; decorative, so hidden from assistive technology. */
function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const DashboardIcon = () => (
  <Icon>
    <rect x="2" y="2" width="5" height="6" rx="1" />
    <rect x="9" y="2" width="5" height="3.5" rx="1" />
    <rect x="2" y="10" width="5" height="4" rx="1" />
    <rect x="9" y="7.5" width="5" height="6.5" rx="1" />
  </Icon>
);

export const CharterIcon = () => (
  <Icon>
    <path d="M4 1.75h5.5L12.5 4.75v9.5h-8.5z" />
    <path d="M9.25 1.75v3.25h3.25M6.25 8h4M6.25 10.75h4" />
  </Icon>
);

export const CatalogIcon = () => (
  <Icon>
    <ellipse cx="8" cy="3.75" rx="5.25" ry="2" />
    <path d="M2.75 3.75v8.5c0 1.1 2.35 2 5.25 2s5.25-.9 5.25-2v-8.5" />
    <path d="M2.75 8c0 1.1 2.35 2 5.25 2s5.25-.9 5.25-2" />
  </Icon>
);

export const AccessIcon = () => (
  <Icon>
    <circle cx="5.5" cy="10.5" r="3" />
    <path d="M7.6 8.4 13.5 2.5M11.5 4.5l1.75 1.75M10 6l1.25 1.25" />
  </Icon>
);

export const ReviewsIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="6.25" />
    <path d="m5.25 8.25 1.9 1.9 3.6-3.9" />
  </Icon>
);

/** A warning flag: something went wrong with a partner, a dataset or a grant. */
export const IncidentsIcon = () => (
  <Icon>
    <path d="M3.5 14.25V2.25" />
    <path d="M3.5 2.75h8.25l-1.75 3 1.75 3H3.5" />
  </Icon>
);

export const LedgerIcon = () => (
  <Icon>
    <rect x="1.75" y="5.5" width="5.5" height="5" rx="2.5" />
    <rect x="8.75" y="5.5" width="5.5" height="5" rx="2.5" />
    <path d="M6 8h4" />
  </Icon>
);

export const PartnersIcon = () => (
  <Icon>
    <circle cx="5.75" cy="5.25" r="2.25" />
    <path d="M1.75 13.5c.4-2.3 2-3.75 4-3.75s3.6 1.45 4 3.75" />
    <circle cx="11.25" cy="5.75" r="1.75" />
    <path d="M11.5 9.75c1.5.15 2.5 1.4 2.75 3.25" />
  </Icon>
);

export const SettingsIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="2.25" />
    <path d="M8 1.5v1.75M8 12.75v1.75M14.5 8h-1.75M3.25 8H1.5M12.6 3.4l-1.24 1.24M4.64 11.36 3.4 12.6M12.6 12.6l-1.24-1.24M4.64 4.64 3.4 3.4" />
  </Icon>
);

export const SearchIcon = () => (
  <Icon>
    <circle cx="7" cy="7" r="4.5" />
    <path d="m10.5 10.5 3.25 3.25" />
  </Icon>
);

export const PlusIcon = () => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);

export const ChevronDownIcon = () => (
  <Icon>
    <path d="m4 6 4 4 4-4" />
  </Icon>
);

export const ArrowUpIcon = () => (
  <Icon>
    <path d="M8 13V3M4 7l4-4 4 4" />
  </Icon>
);

export const ArrowDownIcon = () => (
  <Icon>
    <path d="M8 3v10M4 9l4 4 4-4" />
  </Icon>
);

export const CloseIcon = () => (
  <Icon>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Icon>
);

export const AlertIcon = () => (
  <Icon>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M8 4.75v3.75M8 11.1v.15" />
  </Icon>
);

export const CheckIcon = () => (
  <Icon>
    <path d="m3.5 8.5 3 3 6-7" />
  </Icon>
);

export const ShieldIcon = () => (
  <Icon>
    <path d="M8 1.75 13 3.5v4c0 3.1-2.1 5.6-5 6.75C5.1 13.1 3 10.6 3 7.5v-4z" />
  </Icon>
);
