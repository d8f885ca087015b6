import type { GrantRequestInput } from '../../../shared/domain/access';
import { createDataset } from '../catalog/catalog-commands';
import { addPrincipal } from '../access/access-commands';
import type { Workspace } from '../workspace/workspace';
import { sampleDraft } from './charter-setup';

/** Access tests run commands "on" this day; the dataset and charter carry the system clock's stamps. */
export const ACCESS_TODAY = '2026-03-01';
export const accessNow = () => `${ACCESS_TODAY}T09:30:00.000Z`;

/**
 * One dataset, one partner principal and a request the template charter allows: an ordinary
 * dataset read by a standard-tier partner, or (`sensitive`) a confidential commercial one
 * read by a strategic partner.
 */
export function setUpGrantScenario(ws: Workspace, sensitive = false) {
  const dataset = createDataset(
    ws,
    sensitive
      ? sampleDraft({
          identifier: 'fare-revenue',
          title: 'Fare revenue',
          category: 'commercial',
          sensitivity: 'confidential',
          cadence: { kind: 'periodic', interval: 'monthly' },
        })
      : sampleDraft(),
  );
  const principal = addPrincipal(
    ws,
    {
      kind: 'partner-role',
      name: 'Acme analysts',
      organisation: 'Acme',
      tier: sensitive ? 'strategic' : 'standard',
      legalBases: [],
    },
    accessNow,
  );
  const request: GrantRequestInput = {
    principalId: principal.id,
    datasetId: dataset.id,
    level: 'read',
    purpose: sensitive ? 'dpv:ServiceOptimisation' : 'dpv:ServiceProvision',
    start: ACCESS_TODAY,
    until: '2026-12-01',
    justification: 'Punctuality analysis',
  };
  return { dataset, principal, request };
}
