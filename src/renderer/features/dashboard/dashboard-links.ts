import type { LiveGrantStatus } from '../../../shared/domain/dashboard';
import type { IncidentSeverity } from '../../../shared/domain/incident';

/**
 * Where each figure of the dashboard leads: the list it counts, filtered the same way. The
 * access, reviews and incidents screens read these parameters from their URLs.
 */
export const dashboardLinks = {
  /** Active or approved grants ending by `untilBy` (the expiring window's last day). */
  expiring: (untilBy: string) => `/access?status=active,approved&untilBy=${untilBy}`,
  outOfBounds: () => '/access?outOfBounds=1',
  grantStatus: (status: LiveGrantStatus) => `/access?status=${status}`,
  campaign: (id: string) => `/reviews/${encodeURIComponent(id)}`,
  unresolvedIncidents: () => '/incidents?status=open,escalated',
  incidentSeverity: (severity: IncidentSeverity) =>
    `/incidents?status=open,escalated&severity=${severity}`,
  category: (id: string) => `/catalog?${new URLSearchParams({ category: id }).toString()}`,
  tier: (id: string) => `/access/principals?${new URLSearchParams({ tier: id }).toString()}`,
  /** Partner roles without a tier: a flag of its own, since any word could be a tier id. */
  noTier: () => '/access/principals?noTier=1',
} as const;
