import { Navigate, type RouteObject } from 'react-router';
import { CatalogScreen } from '../features/catalog/catalog-screen';
import { DatasetCreatePage, DatasetEditRoute } from '../features/catalog/dataset-pages';
import { accessRoutes } from '../features/access/access-routes';
import { charterRoutes } from '../features/charter/charter-routes';
import { DashboardScreen } from '../features/dashboard/dashboard-screen';
import { IncidentsScreen } from '../features/incidents/incidents-screen';
import { LedgerScreen } from '../features/ledger/ledger-screen';
import { partnersRoutes } from '../features/partners/partners-routes';
import { CampaignRoute } from '../features/reviews/campaign-screen';
import { ReviewsScreen } from '../features/reviews/reviews-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { AppLayout } from './app-layout';
import { NotFoundScreen, RouteErrorScreen } from './route-error';

/** Shared by the hash router in the app and the memory router in tests. */
export const appRoutes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      {
        // Pathless, so a screen that throws is replaced inside the shell, not the whole window.
        errorElement: <RouteErrorScreen />,
        children: [
          { index: true, element: <Navigate to="/dashboard" replace /> },
          { path: 'dashboard', element: <DashboardScreen /> },
          { path: 'charter', children: charterRoutes },
          { path: 'catalog', element: <CatalogScreen /> },
          { path: 'catalog/new', element: <DatasetCreatePage /> },
          { path: 'catalog/:id', element: <DatasetEditRoute /> },
          { path: 'access', children: accessRoutes },
          { path: 'reviews', element: <ReviewsScreen /> },
          { path: 'reviews/:campaignId', element: <CampaignRoute /> },
          { path: 'incidents', element: <IncidentsScreen /> },
          { path: 'ledger', element: <LedgerScreen /> },
          { path: 'partners', children: partnersRoutes },
          { path: 'settings', element: <SettingsScreen /> },
          { path: '*', element: <NotFoundScreen /> },
        ],
      },
    ],
  },
];
