import type { PrincipalRecord } from '../../../shared/domain/access';
import type { Dataset } from '../../../shared/domain/dataset';
import { addPrincipal, approveGrant, requestGrant } from '../access/access-commands';
import { revokeGrant } from '../access/grant-steps';
import { createDataset } from '../catalog/catalog-commands';
import type { Workspace } from '../workspace/workspace';
import { sampleDraft } from './charter-setup';

/** Grants are made on March 1st; campaigns open on March 10th, when the short grant has run out. */
export const GRANTED = '2026-03-01';
export const OPENED = '2026-03-10';
export const grantedAt = () => `${GRANTED}T09:00:00.000Z`;
export const openedAt = () => `${OPENED}T09:00:00.000Z`;

/** A read grant requested and approved on GRANTED, ending on `until`; its id. */
function approvedGrant(
  ws: Workspace,
  principal: PrincipalRecord,
  dataset: Dataset,
  until = '2026-12-01',
): string {
  const requested = requestGrant(
    ws,
    {
      principalId: principal.id,
      datasetId: dataset.id,
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: GRANTED,
      until,
      justification: 'Operations',
    },
    grantedAt,
  );
  return approveGrant(ws, { id: requested.id }, grantedAt).id;
}

/**
 * Two partners, two datasets in two categories, and grants in every state a campaign must tell
 * apart: active ones, a request still pending (live), a revoked one and one that has run out.
 */
export function setUpReviewEcosystem(ws: Workspace) {
  const buses = createDataset(ws, sampleDraft());
  const stops = createDataset(
    ws,
    sampleDraft({
      identifier: 'stops',
      title: 'Stops',
      category: 'open-reference',
      sensitivity: 'public',
      cadence: { kind: 'periodic', interval: 'daily' },
    }),
  );
  const partner = (name: string, organisation: string) =>
    addPrincipal(
      ws,
      { kind: 'partner-role', name, organisation, tier: 'strategic', legalBases: [] },
      grantedAt,
    );
  const acme = partner('Acme analysts', 'Acme');
  const beta = partner('Beta operations', 'Beta');
  const acmeBuses = approvedGrant(ws, acme, buses);
  const acmeStops = approvedGrant(ws, acme, stops);
  const betaBuses = approvedGrant(ws, beta, buses);
  const betaPending = requestGrant(
    ws,
    {
      principalId: beta.id,
      datasetId: stops.id,
      level: 'read',
      purpose: 'dpv:ServiceProvision',
      start: GRANTED,
      until: '2026-09-01',
      justification: 'Planning',
    },
    grantedAt,
  ).id;
  const revoked = approvedGrant(ws, beta, stops);
  revokeGrant(ws, { id: revoked, reason: 'Contract ended' }, grantedAt);
  const expired = approvedGrant(ws, acme, buses, '2026-03-05');
  return {
    buses,
    stops,
    acme,
    beta,
    grants: { acmeBuses, acmeStops, betaBuses, betaPending, revoked, expired },
  };
}
