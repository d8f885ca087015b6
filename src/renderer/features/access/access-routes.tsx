import type { RouteObject } from 'react-router';
import { AccessLayout } from './access-layout';
import { GrantsScreen } from './grants-screen';
import { MatrixScreen } from './matrix-screen';
import { PrincipalsScreen } from './principals-screen';

/** /access (grants, with ?status=&untilBy=&outOfBounds=1&q=&principal=&dataset=&grant=), /access/matrix, /access/principals?tier=. */
export const accessRoutes: RouteObject[] = [
  {
    element: <AccessLayout />,
    children: [
      { index: true, element: <GrantsScreen /> },
      { path: 'matrix', element: <MatrixScreen /> },
      { path: 'principals', element: <PrincipalsScreen /> },
    ],
  },
];
