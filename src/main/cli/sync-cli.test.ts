import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { peerSummarySchema, snapshotImportResultSchema } from '../../shared/domain/sync';
import { approveGrant, requestGrant } from '../core/access/access-commands';
import { MAX_BUNDLE_BYTES } from '../core/sync/snapshot-bundle';
import { accessNow, setUpGrantScenario } from '../core/testing/access-setup';
import { publishOpenCharter } from '../core/testing/charter-setup';
import { leadSetup, partnerSetup, syncPassphrase } from '../core/testing/sync-setup';
import { useTempDir } from '../core/testing/temp-dir';
import { Workspace } from '../core/workspace/workspace';
import { PASSPHRASE_ENV } from './passphrase';
import { runCliCapturing } from './run-cli-for-test';

const tempDir = useTempDir();
const unlocked = { [PASSPHRASE_ENV]: syncPassphrase.passphrase };
const cli = (...argv: string[]) => runCliCapturing(argv, unlocked);

const cardOutput = z.object({ nodeId: z.string(), fingerprint: z.string(), file: z.string() });
const exportOutput = z.object({
  peer: z.string(),
  organisation: z.string(),
  version: z.number(),
  records: z.number(),
  bytes: z.number(),
  digest: z.string(),
  file: z.string(),
});
const rejection = z.object({
  status: z.literal('rejected'),
  code: z.string(),
  message: z.string(),
});

/**
 * Two closed, keyed workspaces in one temp dir: a lead (Riverton Transit) with an approved
 * grant for Acme's analysts, and Acme's node.
 */
function twoNodes() {
  const dir = tempDir();
  const lead = join(dir, 'lead.concordat');
  const partner = join(dir, 'partner.concordat');
  const ws = Workspace.create(lead, leadSetup, { keyProtection: syncPassphrase });
  try {
    publishOpenCharter(ws);
    const { request } = setUpGrantScenario(ws);
    approveGrant(ws, { id: requestGrant(ws, request, accessNow).id }, accessNow);
  } finally {
    ws.close();
  }
  const acme = Workspace.create(partner, partnerSetup, { keyProtection: syncPassphrase });
  try {
    publishOpenCharter(acme);
  } finally {
    acme.close();
  }
  return { dir, lead, partner };
}

async function card(db: string, out: string) {
  const run = await cli('identity', 'card', '--db', db, '--out', out, '--json');
  expect(run).toMatchObject({ code: 0, err: '' });
  return cardOutput.parse(JSON.parse(run.out));
}

/** Both nodes pinned as partners of each other, from their cards and printed fingerprints. */
async function pinnedPair() {
  const nodes = twoNodes();
  const leadCard = await card(nodes.lead, join(nodes.dir, 'lead.card'));
  const acmeCard = await card(nodes.partner, join(nodes.dir, 'acme.card'));
  const added = await cli(
    'peer',
    'add',
    acmeCard.file,
    '--db',
    nodes.lead,
    '--fingerprint',
    acmeCard.fingerprint,
    '--as',
    'partner',
    '--tier',
    'standard',
  );
  expect(added).toMatchObject({ code: 0, err: '' });
  expect(
    (
      await cli(
        'peer',
        'add',
        leadCard.file,
        '--db',
        nodes.partner,
        '--fingerprint',
        leadCard.fingerprint,
      )
    ).code,
  ).toBe(0);
  return { ...nodes, leadCard, acmeCard };
}

/** The same bundle with one character of its signed payload changed. */
function tamper(bundle: Buffer): Buffer {
  const gzipped = bundle[0] === 0x1f && bundle[1] === 0x8b;
  const plain = gzipped ? gunzipSync(bundle) : Buffer.from(bundle);
  const at = plain.indexOf('"payload":"') + '"payload":"'.length + 40;
  plain[at] = plain[at] === 0x41 ? 0x42 : 0x41;
  return gzipped ? gzipSync(plain) : plain;
}

describe('concordat identity, peer, snapshot and charter endorse', () => {
  it('pins peers from cards, exports and imports snapshots, refuses a tampered one, and endorses', async () => {
    const nodes = twoNodes();
    const leadCardFile = join(nodes.dir, 'lead.card');
    const text = await cli('identity', 'card', '--db', nodes.lead, '--out', leadCardFile);
    expect(text).toMatchObject({ code: 0, err: '' });
    const leadFingerprint = /Fingerprint: (SHA256:\S+)/.exec(text.out)?.[1] ?? '';
    expect(leadFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(readFileSync(leadCardFile, 'utf8')).toContain('"payloadType"');
    const acmeCard = await card(nodes.partner, join(nodes.dir, 'acme.card'));
    expect(acmeCard.fingerprint).not.toBe(leadFingerprint);

    // Each side adds the other with the fingerprint the other printed.
    const added = await cli(
      'peer',
      'add',
      acmeCard.file,
      '--db',
      nodes.lead,
      '--fingerprint',
      acmeCard.fingerprint,
      '--as',
      'partner',
      '--tier',
      'standard',
      '--json',
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(peerSummarySchema.parse(JSON.parse(added.out))).toMatchObject({
      nodeId: acmeCard.nodeId,
      organisation: 'Acme',
      relationship: 'partner',
      tier: 'standard',
      status: 'trusted',
    });
    const back = await cli(
      'peer',
      'add',
      leadCardFile,
      '--db',
      nodes.partner,
      '--fingerprint',
      leadFingerprint,
    );
    expect(back).toMatchObject({ code: 0, err: '' });
    expect(back.out).toContain('Added Riverton Transit');

    // The lead exports for Acme, naming it by a leading part of its fingerprint.
    const bundleFile = join(nodes.dir, 'to-acme-1.bundle');
    const exported = await cli(
      'snapshot',
      'export',
      '--db',
      nodes.lead,
      '--peer',
      acmeCard.fingerprint.slice(0, 'SHA256:'.length + 10),
      '--out',
      bundleFile,
      '--json',
    );
    expect(exported).toMatchObject({ code: 0, err: '' });
    const first = exportOutput.parse(JSON.parse(exported.out));
    expect(first).toMatchObject({
      peer: acmeCard.nodeId,
      version: 1,
      records: 4,
      file: bundleFile,
    });
    expect(first.bytes).toBe(readFileSync(bundleFile).byteLength);
    // Written whole, with no temporary file left beside it.
    expect(readdirSync(nodes.dir).filter((name) => name.includes('partial'))).toEqual([]);

    const imported = await cli('snapshot', 'import', bundleFile, '--db', nodes.partner);
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toContain(
      'Imported snapshot 1 from Riverton Transit (node ' +
        `${/node ([0-9a-f-]{36})/.exec(imported.out)?.[1] ?? ''}): 4 added, 0 changed, 0 removed.`,
    );
    expect(imported.out).toContain('Added (4)');
    expect(imported.out).toMatch(/charter\s+Charter v1/);
    expect(imported.out).toContain('bus-positions — Bus positions');
    expect(imported.out).toContain('Acme analysts (Acme)');

    const again = await cli('snapshot', 'import', bundleFile, '--db', nodes.partner);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toContain('was already imported; nothing changed');
    const againJson = await cli('snapshot', 'import', bundleFile, '--db', nodes.partner, '--json');
    expect(againJson.code).toBe(0);
    expect(snapshotImportResultSchema.parse(JSON.parse(againJson.out))).toMatchObject({
      status: 'already-imported',
      version: 1,
      diff: null,
    });

    // A second snapshot, altered in transit: refused with its reason's code, nothing written.
    const secondFile = join(nodes.dir, 'to-acme-2.bundle');
    expect(
      (
        await cli(
          'snapshot',
          'export',
          '--db',
          nodes.lead,
          '--peer',
          acmeCard.nodeId,
          '--out',
          secondFile,
        )
      ).code,
    ).toBe(0);
    const tamperedFile = join(nodes.dir, 'tampered.bundle');
    writeFileSync(tamperedFile, tamper(readFileSync(secondFile)));
    const tampered = await cli('snapshot', 'import', tamperedFile, '--db', nodes.partner);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toContain('[SNAPSHOT_BAD_SIGNATURE]');
    const tamperedJson = await cli(
      'snapshot',
      'import',
      tamperedFile,
      '--db',
      nodes.partner,
      '--json',
    );
    expect(tamperedJson.code).toBe(1);
    expect(rejection.parse(JSON.parse(tamperedJson.out)).code).toBe('SNAPSHOT_BAD_SIGNATURE');
    // The genuine one still imports: the refusal changed nothing.
    const second = await cli('snapshot', 'import', secondFile, '--db', nodes.partner);
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(second.out).toContain('Imported snapshot 2');
    expect(second.out).toContain('0 added, 0 changed, 0 removed');

    // A file that is not there is bad input.
    const missing = await cli(
      'snapshot',
      'import',
      join(nodes.dir, 'nope.bundle'),
      '--db',
      nodes.partner,
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');

    // Peer lists, as scripts and people read them.
    const listed = await cli('peer', 'list', '--db', nodes.partner, '--json');
    expect(listed.code).toBe(0);
    const [riverton] = z.array(peerSummarySchema).parse(JSON.parse(listed.out));
    expect(riverton).toMatchObject({
      organisation: 'Riverton Transit',
      relationship: 'partner',
      tier: null,
      lastSent: null,
      lastReceived: { version: 2 },
      stale: false,
      replicaCounts: { charter: 1, dataset: 1, principal: 1, grant: 1 },
    });
    const leadList = await cli('peer', 'list', '--db', nodes.lead);
    expect(leadList.code).toBe(0);
    expect(leadList.out).toMatch(/^Organisation\s+Relationship\s+Status\s+Fingerprint\s+Sent/);
    expect(leadList.out).toContain('Acme');
    expect(leadList.out).toContain('partner, tier standard');
    expect(leadList.out).toContain(acmeCard.fingerprint);
    expect(leadList.out).toMatch(/v2 \d{4}-\d{2}-\d{2}\s+never/);

    // Acme endorses the charter the lead published; the endorsement travels back.
    const endorsed = await cli(
      'charter',
      'endorse',
      '--peer',
      leadFingerprint,
      '--note',
      'Agreed at the March board',
      '--db',
      nodes.partner,
    );
    expect(endorsed).toMatchObject({ code: 0, err: '' });
    expect(endorsed.out).toContain("Endorsed Riverton Transit's charter v1");
    const twice = await cli('charter', 'endorse', '--peer', leadFingerprint, '--db', nodes.partner);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('[DUPLICATE]');
    const backFile = join(nodes.dir, 'to-riverton-1.bundle');
    expect(
      (
        await cli(
          'snapshot',
          'export',
          '--db',
          nodes.partner,
          '--peer',
          leadFingerprint,
          '--out',
          backFile,
        )
      ).code,
    ).toBe(0);
    const returned = await cli('snapshot', 'import', backFile, '--db', nodes.lead);
    expect(returned).toMatchObject({ code: 0, err: '' });
    expect(returned.out).toContain('Endorsement of charter v1');

    const endorsements = await cli('charter', 'endorsements', '--db', nodes.lead, '--json');
    expect(endorsements.code).toBe(0);
    expect(JSON.parse(endorsements.out)).toMatchObject({
      publishedVersion: 1,
      partners: [{ organisation: 'Acme', endorsedVersion: 1, current: true }],
    });
    const endorsementsText = await cli('charter', 'endorsements', '--db', nodes.lead);
    expect(endorsementsText.out).toMatch(/Acme\s+v1 on \d{4}-\d{2}-\d{2} \(the version in force\)/);
  });

  it('rotates the node key; the partner follows it from the next snapshot', async () => {
    const { dir, lead, partner, acmeCard, leadCard } = await pinnedPair();
    const rotated = await cli('identity', 'rotate', '--db', lead, '--json');
    expect(rotated.code).toBe(0);
    const { fingerprint } = z.object({ fingerprint: z.string() }).parse(JSON.parse(rotated.out));
    expect(fingerprint).not.toBe(leadCard.fingerprint);
    const bundle = join(dir, 'after-rotation.snapshot');
    const exported = await cli(
      'snapshot',
      'export',
      '--db',
      lead,
      '--peer',
      acmeCard.fingerprint,
      '--out',
      bundle,
    );
    expect(exported.code).toBe(0);
    expect((await cli('snapshot', 'import', bundle, '--db', partner)).code).toBe(0);
    const peers = z
      .array(peerSummarySchema)
      .parse(JSON.parse((await cli('peer', 'list', '--db', partner, '--json')).out));
    expect(peers[0]?.fingerprint).toBe(fingerprint);
  });

  it('needs the fingerprint compared out of band, and refuses one that does not match', async () => {
    const nodes = twoNodes();
    const acmeCard = await card(nodes.partner, join(nodes.dir, 'acme.card'));
    const leadCard = await card(nodes.lead, join(nodes.dir, 'lead.card'));

    const none = await cli('peer', 'add', acmeCard.file, '--db', nodes.lead);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--fingerprint is required');
    expect(none.err).toContain('out of band');

    const wrong = await cli(
      'peer',
      'add',
      acmeCard.file,
      '--db',
      nodes.lead,
      '--fingerprint',
      leadCard.fingerprint,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('[FINGERPRINT_MISMATCH]');

    const badTerms = [
      ['--as', 'friend'],
      ['--as', 'colleague'],
      ['--as', 'colleague', '--roles', 'lead', '--tier', 'gold'],
      ['--as', 'partner', '--governs'],
      ['--as', 'colleague', '--roles', 'boss'],
    ];
    for (const terms of badTerms) {
      const run = await cli(
        'peer',
        'add',
        acmeCard.file,
        '--db',
        nodes.lead,
        '--fingerprint',
        acmeCard.fingerprint,
        ...terms,
      );
      expect(run.code, terms.join(' ')).toBe(2);
    }
    const notACard = join(nodes.dir, 'not-a-card.json');
    writeFileSync(notACard, '{"hello": "world"}');
    const invalid = await cli(
      'peer',
      'add',
      notACard,
      '--db',
      nodes.lead,
      '--fingerprint',
      acmeCard.fingerprint,
    );
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('[CARD_INVALID]');
    const absent = await cli(
      'peer',
      'add',
      join(nodes.dir, 'absent.card'),
      '--db',
      nodes.lead,
      '--fingerprint',
      acmeCard.fingerprint,
    );
    expect(absent.code).toBe(2);

    // Nothing was pinned by any of that.
    const listed = await cli('peer', 'list', '--db', nodes.lead, '--json');
    expect(JSON.parse(listed.out)).toEqual([]);
    expect((await cli('peer', 'list', '--db', nodes.lead)).out).toContain('No peers yet');
  });

  it('changes and revokes a peer; a revoked peer’s snapshots are refused', async () => {
    const nodes = await pinnedPair();
    const ref = nodes.leadCard.nodeId.slice(0, 8);

    const set = await cli(
      'peer',
      'set',
      ref,
      '--as',
      'colleague',
      '--roles',
      'lead,steward',
      '--governs',
      '--db',
      nodes.partner,
      '--json',
    );
    expect(set).toMatchObject({ code: 0, err: '' });
    expect(peerSummarySchema.parse(JSON.parse(set.out))).toMatchObject({
      relationship: 'colleague',
      roles: ['lead', 'steward'],
      governs: true,
      tier: null,
    });
    expect((await cli('peer', 'set', ref, '--db', nodes.partner)).code).toBe(2);
    expect(
      (await cli('peer', 'set', 'ffffffff', '--as', 'partner', '--db', nodes.partner)).code,
    ).toBe(2);

    const bundleFile = join(nodes.dir, 'to-acme.bundle');
    expect(
      (
        await cli(
          'snapshot',
          'export',
          '--db',
          nodes.lead,
          '--peer',
          nodes.acmeCard.nodeId,
          '--out',
          bundleFile,
        )
      ).code,
    ).toBe(0);

    expect((await cli('peer', 'revoke', ref, '--db', nodes.partner)).code).toBe(2);
    const revoked = await cli(
      'peer',
      'revoke',
      ref,
      '--reason',
      'Key reported lost',
      '--db',
      nodes.partner,
    );
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect(revoked.out).toContain('Revoked Riverton Transit');

    const refused = await cli('snapshot', 'import', bundleFile, '--db', nodes.partner, '--json');
    expect(refused.code).toBe(1);
    expect(rejection.parse(JSON.parse(refused.out)).code).toBe('PEER_REVOKED');
    const listed = await cli('peer', 'list', '--db', nodes.partner);
    expect(listed.out).toMatch(/revoked \d{4}-\d{2}-\d{2}/);
  });

  it('refuses an oversized bundle before reading it, and writes no snapshot it cannot sign or place', async () => {
    const nodes = await pinnedPair();
    const huge = join(nodes.dir, 'huge.bundle');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_BUNDLE_BYTES + 1);
    const tooLarge = await cli('snapshot', 'import', huge, '--db', nodes.partner, '--json');
    expect(tooLarge.code).toBe(1);
    expect(rejection.parse(JSON.parse(tooLarge.out)).code).toBe('BUNDLE_TOO_LARGE');

    const garbage = join(nodes.dir, 'garbage.bundle');
    writeFileSync(garbage, 'not a bundle');
    const malformed = await cli('snapshot', 'import', garbage, '--db', nodes.partner);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toContain('[BUNDLE_MALFORMED]');

    // Without the passphrase nothing is signed, and no file (nor a temporary one) is left.
    const out = join(nodes.dir, 'unsigned.bundle');
    const locked = await runCliCapturing([
      'snapshot',
      'export',
      '--db',
      nodes.lead,
      '--peer',
      nodes.acmeCard.nodeId,
      '--out',
      out,
    ]);
    expect(locked.code).toBe(2);
    expect(locked.err).toContain('[KEY_PASSPHRASE_REQUIRED]');
    expect(existsSync(out)).toBe(false);
    // An existing file is never written over; the snapshot is not built, so not recorded.
    const existing = join(nodes.dir, 'existing.bundle');
    writeFileSync(existing, 'keep me');
    const clobber = await cli(
      'snapshot',
      'export',
      '--db',
      nodes.lead,
      '--peer',
      nodes.acmeCard.nodeId,
      '--out',
      existing,
    );
    expect(clobber.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(readdirSync(nodes.dir).filter((name) => name.includes('partial'))).toEqual([]);
    const listed = z
      .array(peerSummarySchema)
      .parse(JSON.parse((await cli('peer', 'list', '--db', nodes.lead, '--json')).out));
    expect(listed[0]?.lastSent).toBeNull();

    // An unknown peer is bad input; an endorsement needs a charter from that peer first.
    expect(
      (await cli('snapshot', 'export', '--db', nodes.lead, '--peer', 'ffffffff', '--out', out))
        .code,
    ).toBe(2);
    const early = await cli(
      'charter',
      'endorse',
      '--peer',
      nodes.leadCard.nodeId,
      '--db',
      nodes.partner,
    );
    expect(early.code).toBe(1);
    expect(early.err).toContain('[CHARTER_NOT_PUBLISHED]');
    expect((await cli('charter', 'endorse', 'no-such-charter', '--db', nodes.partner)).code).toBe(
      2,
    );
    expect((await cli('charter', 'endorse', '--db', nodes.partner)).code).toBe(2);
  });

  it('sets each peer’s transport and syncs through a shared folder', async () => {
    const nodes = await pinnedPair();
    const shared = join(nodes.dir, 'shared');
    mkdirSync(shared);

    const nothing = await cli('sync', '--db', nodes.lead);
    expect(nothing).toMatchObject({ code: 0, err: '' });
    expect(nothing.out).toContain('No peer has a transport yet');

    const set = await cli(
      'peer',
      'transport',
      nodes.acmeCard.nodeId,
      '--folder',
      shared,
      '--db',
      nodes.lead,
    );
    expect(set).toMatchObject({ code: 0, err: '' });
    expect(set.out).toBe(`Acme now syncs through the shared folder ${shared}.`);
    expect(
      (
        await cli(
          'peer',
          'transport',
          nodes.leadCard.nodeId,
          '--folder',
          shared,
          '--db',
          nodes.partner,
        )
      ).code,
    ).toBe(0);

    const published = await cli('sync', '--db', nodes.lead, '--json');
    expect(published).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(published.out)).toMatchObject({
      peers: [{ organisation: 'Acme', published: 1, imported: [], error: null }],
      delivery: { sent: 1, failed: 0 },
    });
    const received = await cli('sync', '--db', nodes.partner);
    expect(received).toMatchObject({ code: 0, err: '' });
    expect(received.out).toContain('imported snapshot 1: 4 added, 0 changed, 0 removed');
    expect(received.out).toContain('published snapshot 1');
    const peers = z
      .array(peerSummarySchema)
      .parse(JSON.parse((await cli('peer', 'list', '--db', nodes.partner, '--json')).out));
    expect(peers[0]?.lastReceived?.version).toBe(1);
  });

  it('takes WebDAV secrets from the environment only, and never prints them', async () => {
    const nodes = await pinnedPair();
    const webdav = (...extra: string[]) => [
      'peer',
      'transport',
      nodes.acmeCard.nodeId,
      '--webdav',
      'https://dav.example.org/concordat/',
      '--db',
      nodes.lead,
      ...extra,
    ];
    // No password in the environment and none stored: refused as bad input.
    const none = await cli(...webdav('--basic', 'ada'));
    expect(none.code).toBe(2);
    expect(none.err).toContain('needs a password');
    // A password option does not exist; credentials in the URL are refused.
    expect((await cli(...webdav('--basic', 'ada', '--password', 'x'))).code).toBe(2);
    const inUrl = await cli(
      'peer',
      'transport',
      nodes.acmeCard.nodeId,
      '--webdav',
      'https://ada:hunter2hunter2@dav.example.org/',
      '--db',
      nodes.lead,
    );
    expect(inUrl.code).toBe(2);
    expect(inUrl.err).not.toContain('hunter2');

    const password = 'correct horse battery staple';
    const basic = await runCliCapturing(webdav('--basic', 'ada', '--json'), {
      ...unlocked,
      CONCORDAT_WEBDAV_PASSWORD: password,
    });
    expect(basic).toMatchObject({ code: 0, err: '' });
    expect(basic.out).not.toContain(password);
    expect(JSON.parse(basic.out)).toMatchObject({
      kind: 'webdav',
      hasSecret: true,
      config: { authKind: 'basic', username: 'ada' },
    });
    // Re-set without the variable: the stored password is kept.
    const kept = await cli(...webdav('--basic', 'ada'));
    expect(kept).toMatchObject({ code: 0, err: '' });
    expect(kept.out).toContain('basic login as ada (password stored)');

    const token = await runCliCapturing(webdav('--bearer'), {
      ...unlocked,
      CONCORDAT_WEBDAV_TOKEN: 'a-long-bearer-token',
    });
    expect(token).toMatchObject({ code: 0, err: '' });
    expect(token.out).toContain('token login (token stored)');
    expect(token.out).not.toContain('a-long-bearer-token');
    expect((await cli(...webdav('--bearer', '--basic', 'ada'))).code).toBe(2);
    expect((await cli('peer', 'transport', nodes.acmeCard.nodeId, '--db', nodes.lead)).code).toBe(
      2,
    );
  });
});
