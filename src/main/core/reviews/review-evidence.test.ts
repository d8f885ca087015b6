import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REVIEW_EVIDENCE_PAYLOAD_TYPE } from '../../../shared/domain/review';
import { parseCsv } from '../catalog/transfer/csv';
import { latestOwnCheckpoint } from '../ledger-store/checkpoints';
import { publishOpenCharter } from '../testing/charter-setup';
import { testKeyProtection } from '../testing/demo-workspace';
import { openedAt, setUpReviewEcosystem } from '../testing/review-setup';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import { decideItem, openCampaign } from './review-commands';
import { evidenceColumns, exportReviewEvidence, verifyReviewEvidence } from './review-evidence';

const tempDir = useTempDir();
const opened: Workspace[] = [];
afterEach(() => {
  for (const ws of opened.splice(0)) ws.close();
});

/** A workspace whose node key is unlocked, with a campaign half decided. */
function reviewedWorkspace(keyed = true) {
  const ws = Workspace.create(
    join(tempDir(), 'workspace.concordat'),
    testSetup,
    keyed ? { keyProtection: testKeyProtection } : {},
  );
  opened.push(ws);
  publishOpenCharter(ws);
  const { grants } = setUpReviewEcosystem(ws);
  const campaign = openCampaign(
    ws,
    {
      name: 'Q1 access review',
      scope: { kind: 'partner', value: 'Acme' },
      dueDay: '2026-03-31',
      reviewers: ['Ada Lovelace'],
    },
    openedAt,
  );
  decideItem(
    ws,
    {
      campaignId: campaign.id,
      grantId: grants.acmeBuses,
      decision: 'keep',
      // A spreadsheet would run this as a formula if it were not neutralised.
      justification: '=HYPERLINK("http://evil.example","Still needed")',
    },
    openedAt,
  );
  return { ws, campaign, grants };
}

describe('review evidence as CSV', () => {
  it('has one row per item, formula-safe', () => {
    const { ws, campaign, grants } = reviewedWorkspace(false);
    const exported = exportReviewEvidence(ws, campaign.id, 'csv', openedAt);
    expect(exported.fileName).toBe('q1-access-review-review-2026-03-10.csv');
    const parsed = parseCsv(exported.content, { maxRecords: 100, maxRecordChars: 10_000 });
    if (!parsed.ok) throw new Error(parsed.message);
    const [header, ...rows] = parsed.records;
    expect(header).toEqual([...evidenceColumns]);
    expect(rows).toEqual([
      [
        campaign.id,
        'Q1 access review',
        grants.acmeBuses,
        'Acme analysts',
        'Acme',
        'bus-positions',
        'read',
        'dpv:ServiceProvision',
        '2026-12-01',
        'keep',
        `'=HYPERLINK("http://evil.example","Still needed")`,
        '',
        '',
        'Ada Lovelace',
        openedAt(),
      ],
      [
        campaign.id,
        'Q1 access review',
        grants.acmeStops,
        'Acme analysts',
        'Acme',
        'stops',
        'read',
        'dpv:ServiceProvision',
        '2026-12-01',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
  });
});

describe('review evidence as a signed JSON document', () => {
  it('verifies with the node key and names the checkpoint it was taken at', () => {
    const { ws, campaign } = reviewedWorkspace();
    const exported = exportReviewEvidence(ws, campaign.id, 'json', openedAt);
    expect(exported.fileName).toBe('q1-access-review-review-2026-03-10.evidence.json');
    const vkey = ws.registeredVkey() ?? '';
    const verified = verifyReviewEvidence(exported.content, vkey);
    if (!verified.ok) throw new Error(verified.problem);
    const { document } = verified;
    expect(document.campaign).toMatchObject({ id: campaign.id, progress: { decided: 1 } });
    expect(document.items.map((item) => item.decision)).toEqual(['keep', null]);
    // The checkpoint covers the whole ledger as it was read, and was kept.
    expect(document.ledger.size).toBe(ws.ledger.size);
    expect(latestOwnCheckpoint(ws.sqlite)?.note).toBe(document.ledger.checkpoint);
    expect(JSON.parse(exported.content)).toMatchObject({
      payloadType: REVIEW_EVIDENCE_PAYLOAD_TYPE,
    });
  });

  it('fails verification when the payload, the signature or the key is not the one signed', () => {
    const { ws, campaign } = reviewedWorkspace();
    const vkey = ws.registeredVkey() ?? '';
    const envelope = JSON.parse(
      exportReviewEvidence(ws, campaign.id, 'json', openedAt).content,
    ) as {
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    const payload = Buffer.from(envelope.payload, 'base64').toString('utf8');
    const tamperedPayload = {
      ...envelope,
      payload: Buffer.from(payload.replace('"keep"', '"revoke"'), 'utf8').toString('base64'),
    };
    expect(tamperedPayload.payload).not.toBe(envelope.payload);
    const payloadCheck = verifyReviewEvidence(JSON.stringify(tamperedPayload), vkey);
    expect(payloadCheck).toMatchObject({ ok: false });
    expect(payloadCheck.ok ? '' : payloadCheck.problem).toContain('DSSE_BAD_SIGNATURE');

    const sig = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
    sig[10] = (sig[10] ?? 0) ^ 0xff;
    const tamperedSignature = {
      ...envelope,
      signatures: [{ keyid: envelope.signatures[0]?.keyid ?? '', sig: sig.toString('base64') }],
    };
    expect(verifyReviewEvidence(JSON.stringify(tamperedSignature), vkey).ok).toBe(false);

    const other = reviewedWorkspace();
    expect(verifyReviewEvidence(JSON.stringify(envelope), other.ws.registeredVkey() ?? '').ok).toBe(
      false,
    );
    expect(verifyReviewEvidence('{}', vkey).ok).toBe(false);
  });

  it('needs the node key: a workspace without one cannot sign', () => {
    const { ws, campaign } = reviewedWorkspace(false);
    expect(thrownCode(() => exportReviewEvidence(ws, campaign.id, 'json', openedAt))).toBe(
      'KEY_MISSING',
    );
  });
});
