import type { ReactNode } from 'react';
import { AccessIcon, CharterIcon, PartnersIcon, ReviewsIcon } from '../../ui/icons';

export type PlaceholderPage = 'charter' | 'access' | 'reviews' | 'partners';

export interface PlaceholderContent {
  title: string;
  icon: ReactNode;
  summary: string;
  points: string[];
}

/** What each screen that is not built yet will hold, so the empty screen still informs. */
export const placeholderContent: Record<PlaceholderPage, PlaceholderContent> = {
  charter: {
    title: 'Charter',
    icon: <CharterIcon />,
    summary:
      'The data-sharing charter: data categories, access levels, partner tiers, cadence, purposes, retention and consent — versioned, reviewed, approved and published to partners.',
    points: [
      'Draft a new charter version offline and compare it with the one in force.',
      'Send it for review; governance leads approve it and sign the version.',
      'Publish the approved charter to partners inside a signed snapshot.',
    ],
  },
  access: {
    title: 'Access',
    icon: <AccessIcon />,
    summary:
      'Roles and grants: who may use which dataset, for what purpose and until when — each grant checked against the governing charter so access stays least-privilege.',
    points: [
      'Principals from your organisation and from partners, with their roles.',
      'Grants per dataset, with purpose, expiry and the charter clause that allows them.',
      'A grant the charter does not allow is refused before it is recorded.',
    ],
  },
  reviews: {
    title: 'Reviews',
    icon: <ReviewsIcon />,
    summary:
      'Periodic access reviews and incidents: confirm or revoke every grant on the cadence the charter sets, and record what went wrong and what was done about it.',
    points: [
      'Review campaigns that list each grant for a steward to confirm or revoke.',
      'Overdue reviews surface here and on the dashboard.',
      'Incidents with their timeline, affected datasets and follow-up actions.',
    ],
  },
  partners: {
    title: 'Partners',
    icon: <PartnersIcon />,
    summary:
      'Peers and trust: the partner nodes you exchange with, their pinned keys, and the signed snapshots sent to and received from each of them.',
    points: [
      'Onboard a partner from its identity card and compare the fingerprint out of band.',
      'Publish snapshots by file, shared folder or WebDAV, and import theirs.',
      'See each partner’s catalog and charter as verified, read-only replicas.',
    ],
  },
};
