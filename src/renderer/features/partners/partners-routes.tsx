import type { RouteObject } from 'react-router';
import { PartnersScreen } from './partners-screen';
import { PeerRoute } from './peer-screen';

/** /partners (peers, identity card, imports) and /partners/:nodeId (one peer). */
export const partnersRoutes: RouteObject[] = [
  { index: true, element: <PartnersScreen /> },
  { path: ':nodeId', element: <PeerRoute /> },
];
