import type { ReactNode } from 'react';
import {
  AccessIcon,
  CatalogIcon,
  CharterIcon,
  DashboardIcon,
  IncidentsIcon,
  LedgerIcon,
  PartnersIcon,
  ReviewsIcon,
  SettingsIcon,
} from '../ui/icons';

export interface NavItem {
  /** Also the e2e hook: `nav-<id>`. */
  id: string;
  to: string;
  label: string;
  icon: ReactNode;
}

export interface NavSection {
  label: string | null;
  items: NavItem[];
}

export const navSections: NavSection[] = [
  {
    label: null,
    items: [{ id: 'dashboard', to: '/dashboard', label: 'Dashboard', icon: <DashboardIcon /> }],
  },
  {
    label: 'Govern',
    items: [
      { id: 'charter', to: '/charter', label: 'Charter', icon: <CharterIcon /> },
      { id: 'catalog', to: '/catalog', label: 'Catalog', icon: <CatalogIcon /> },
      { id: 'access', to: '/access', label: 'Access', icon: <AccessIcon /> },
      { id: 'reviews', to: '/reviews', label: 'Reviews', icon: <ReviewsIcon /> },
      { id: 'incidents', to: '/incidents', label: 'Incidents', icon: <IncidentsIcon /> },
    ],
  },
  {
    label: 'Verify & exchange',
    items: [
      { id: 'ledger', to: '/ledger', label: 'Ledger', icon: <LedgerIcon /> },
      { id: 'partners', to: '/partners', label: 'Partners', icon: <PartnersIcon /> },
    ],
  },
];

export const settingsItem: NavItem = {
  id: 'settings',
  to: '/settings',
  label: 'Settings',
  icon: <SettingsIcon />,
};
