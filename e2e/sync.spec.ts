import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startNginxWebdav, type NginxWebdav } from '../src/main/core/testing/nginx-webdav';
import { expect, test } from './fixtures';
import { runCli } from './support/cli';
import { rpc } from './support/rpc';
import { type ServedApp, serve } from './support/serve';

test.use({ concordatSeed: 'demo' });

interface NodeCard {
  nodeId: string;
  card: string;
  fingerprint: string;
}

async function cardOf(app: ServedApp): Promise<NodeCard> {
  const reply = await rpc(app, 'sync.identity', {});
  expect(reply.body.ok).toBe(true);
  return reply.body.value as NodeCard;
}

/** Both sides leave snapshots for each other in the WebDAV server's basic-auth collection. */
async function useWebdav(app: ServedApp, peer: string, nginx: NginxWebdav): Promise<void> {
  const reply = await rpc(app, 'sync.setTransport', {
    nodeId: peer,
    kind: 'webdav',
    baseUrl: `${nginx.baseUrl}/dav/`,
    authKind: 'basic',
    username: nginx.basicUser,
    secret: nginx.basicPassword,
  });
  expect(reply.body).toMatchObject({ ok: true });
}

async function openApp(browser: Browser, app: ServedApp): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(app.url);
  return page;
}

async function openPeer(page: Page, organisation: string): Promise<void> {
  await page.getByTestId('nav-partners').click();
  await page.getByTestId('peers-table').getByRole('link', { name: organisation }).click();
  await expect(page.getByTestId('peer-page')).toBeVisible();
}

async function syncNow(page: Page, expected: RegExp): Promise<void> {
  await page.getByTestId('sync-now-start').click();
  await expect(page.getByTestId('sync-now-status')).toContainText(expected, { timeout: 30_000 });
}

/**
 * A lead's organisation and a partner exchange signed snapshots through a real WebDAV server:
 * the partner onboards the lead by its fingerprint, receives the charter, the datasets shared
 * with it and its grants as read-only replicas, endorses the charter, and the lead sees the
 * endorsement come back. Then a steward's laptop, governed by the lead's charter, grants under it.
 */
test('partners sync through WebDAV, endorse the charter, and a colleague grants under it', async ({
  concordat,
  browser,
  workspaceDir,
}) => {
  test.setTimeout(240_000);
  const nginx = await startNginxWebdav();
  const servers: ServedApp[] = [];
  try {
    const lead = concordat.server();
    const leadPage = concordat.page;
    const partnerDb = join(workspaceDir, 'cyclo.concordat');
    runCli([
      'init',
      '--db',
      partnerDb,
      '--org',
      'Cyclo Bike Share',
      '--operator',
      'Sam Rivera',
      '--roles',
      'lead,steward',
    ]);
    const partner = await serve(partnerDb);
    servers.push(partner);
    const partnerPage = await openApp(browser, partner);
    const leadCard = await cardOf(lead);
    const partnerCard = await cardOf(partner);

    // The partner pins the lead from its card, after comparing the fingerprint out of band.
    await partnerPage.getByTestId('nav-partners').click();
    await partnerPage.getByTestId('peer-add').first().click();
    const form = partnerPage.getByTestId('add-peer-form');
    await form.getByTestId('peer-card-text').fill(leadCard.card);
    await form.getByRole('button', { name: 'Read card' }).click();
    // Shown in groups of four, for reading aloud.
    const shown = await form.getByTestId('peer-card-fingerprint').textContent();
    expect(shown?.replace(/\s+/g, '')).toBe(leadCard.fingerprint);
    await expect(form.getByTestId('peer-add-submit')).toBeDisabled();
    await form.getByTestId('peer-fingerprint').fill(leadCard.fingerprint.slice(0, 20));
    await form.getByTestId('peer-add-submit').click();
    await expect(partnerPage.getByTestId('peer-row')).toContainText('Metro Mobility Partnership');

    // The lead pins the partner (a pilot-tier partner in its charter).
    const added = await rpc(lead, 'sync.addPeer', {
      card: partnerCard.card,
      fingerprint: partnerCard.fingerprint,
      terms: { relationship: 'partner', tier: 'pilot' },
    });
    expect(added.body.ok).toBe(true);
    await useWebdav(lead, partnerCard.nodeId, nginx);
    await useWebdav(partner, leadCard.nodeId, nginx);

    // The lead publishes: charter, the datasets shared with Cyclo and Cyclo's grants.
    await openPeer(leadPage, 'Cyclo Bike Share');
    await syncNow(leadPage, /Published snapshot 1/);

    // The partner fetches and imports them; they are read-only replicas marked with their source.
    await openPeer(partnerPage, 'Metro Mobility Partnership');
    await syncNow(partnerPage, /Imported snapshot 1/);
    await expect(partnerPage.getByTestId('peer-last-import')).toContainText('Added');
    await partnerPage.getByTestId('replica-tab-grant').click();
    const grantRows = partnerPage.getByTestId('replica-row');
    await expect(grantRows.first()).toContainText('From Metro Mobility Partnership');
    await partnerPage.getByTestId('nav-catalog').click();
    await expect(partnerPage.getByText('From Metro Mobility Partnership').first()).toBeVisible();

    // The partner endorses the published charter; the endorsement goes back in its snapshot.
    await openPeer(partnerPage, 'Metro Mobility Partnership');
    await partnerPage.getByTestId('replica-tab-charter').click();
    await partnerPage.getByTestId('charter-endorse').click();
    const dialog = partnerPage.getByRole('dialog');
    await dialog.getByLabel('Note').fill('Agreed at the pilot review');
    await dialog.getByRole('button', { name: 'Endorse this version' }).click();
    await expect(partnerPage.getByTestId('charter-endorsed')).toContainText('Endorsed on');
    // Its first round already sent the lead snapshot 1 (its own records); this one carries the endorsement.
    await syncNow(partnerPage, /Published snapshot 2/);

    // The lead receives it and sees which partner endorsed which version.
    await openPeer(leadPage, 'Cyclo Bike Share');
    await syncNow(leadPage, /Imported snapshot 2/);
    await leadPage.getByTestId('nav-charter').click();
    const endorsement = leadPage
      .getByTestId('charter-endorsement')
      .filter({ hasText: 'Cyclo Bike Share' });
    await expect(endorsement).toContainText('current');

    // A steward's laptop: a colleague node governed by the lead's charter.
    const stewardDb = join(workspaceDir, 'steward.concordat');
    runCli([
      'init',
      '--db',
      stewardDb,
      '--org',
      'Metro Mobility Partnership',
      '--operator',
      'Tomás Ribeiro',
      '--roles',
      'steward',
    ]);
    const steward = await serve(stewardDb);
    servers.push(steward);
    const stewardCard = await cardOf(steward);
    expect(
      (
        await rpc(steward, 'sync.addPeer', {
          card: leadCard.card,
          fingerprint: leadCard.fingerprint,
          terms: { relationship: 'colleague', roles: ['lead'], governs: true },
        })
      ).body.ok,
    ).toBe(true);
    expect(
      (
        await rpc(lead, 'sync.addPeer', {
          card: stewardCard.card,
          fingerprint: stewardCard.fingerprint,
          terms: { relationship: 'colleague', roles: ['steward'], governs: false },
        })
      ).body.ok,
    ).toBe(true);
    await useWebdav(lead, stewardCard.nodeId, nginx);
    await useWebdav(steward, leadCard.nodeId, nginx);
    expect((await rpc(lead, 'sync.syncNow', {})).body.ok).toBe(true);

    const stewardPage = await openApp(browser, steward);
    await openPeer(stewardPage, 'Metro Mobility Partnership');
    await syncNow(stewardPage, /Imported snapshot 1/);

    // Under the lead's charter the steward records its own dataset and grants on it.
    const created = await rpc(steward, 'catalog.create', {
      draft: {
        identifier: 'depot-occupancy',
        title: 'Depot occupancy',
        description: 'Buses in each depot, as they come and go.',
        category: 'operational',
        holder: 'Metro Mobility Partnership',
        sensitivity: 'internal',
        status: 'active',
        steward: 'Tomás Ribeiro',
        cadence: { kind: 'realtime' },
        retention: 'P1Y',
        distributions: [],
        schemaFields: [],
        pushers: [],
        formats: ['csv'],
        tags: [],
      },
    });
    expect(created.body).toMatchObject({ ok: true });
    const datasetId = (created.body.value as { id: string }).id;
    const principal = await rpc(steward, 'access.addPrincipal', {
      kind: 'partner-role',
      name: 'Analysts',
      organisation: 'Cyclo Bike Share',
      tier: 'pilot',
      legalBases: [],
    });
    expect(principal.body).toMatchObject({ ok: true });
    const today = new Date().toISOString().slice(0, 10);
    const until = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const grant = await rpc(steward, 'access.requestGrant', {
      principalId: (principal.body.value as { id: string }).id,
      datasetId,
      level: 'aggregate',
      purpose: 'dpv:ServiceProvision',
      start: today,
      until,
      justification: 'Depot planning with the bike share.',
    });
    expect(grant.body).toMatchObject({ ok: true, value: { status: 'requested' } });
    await stewardPage.getByTestId('nav-charter').click();
    await expect(stewardPage.getByText('Metro Mobility Partnership').first()).toBeVisible();
  } finally {
    for (const server of servers) await server.stop();
    await nginx.stop();
  }
});
