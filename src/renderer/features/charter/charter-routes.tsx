import type { RouteObject } from 'react-router';
import { CharterCompareScreen } from './compare-screen';
import { CharterScreen } from './charter-screen';

/** /charter (the versions and the editor) and /charter/compare?from=A&to=B. */
export const charterRoutes: RouteObject[] = [
  { index: true, element: <CharterScreen /> },
  { path: 'compare', element: <CharterCompareScreen /> },
];
