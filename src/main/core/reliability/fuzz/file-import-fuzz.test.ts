import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportPreview, ImportResult } from '../../../../shared/domain/catalog-transfer';
import { MAX_IMPORT_ROWS } from '../../../../shared/domain/catalog-transfer';
import { type DatasetDraft, draftOfDataset } from '../../../../shared/domain/dataset';
import type { CardPreview } from '../../../../shared/contract/sync-channels';
import { AppError } from '../../../../shared/errors';
import { createDataset } from '../../catalog/catalog-commands';
import { getDataset } from '../../catalog/catalog-queries';
import { formatCsvRecord } from '../../catalog/transfer/csv';
import { datasetColumns, encodeDatasetCells } from '../../catalog/transfer/dataset-columns';
import { nodeKeyName } from '../../keys/node-key-file';
import { canonicalBytes } from '../../ledger/canonical-json';
import { signDsse, type DsseEnvelope } from '../../ledger/dsse';
import { parseSignedNote } from '../../ledger/signed-note';
import { BUNDLE_FILES, exportLedger } from '../../ledger-store/export-bundle';
import { verifyBundle } from '../../ledger-store/verify-bundle';
import { configureLogging } from '../../log/logger';
import { IDENTITY_PAYLOAD_TYPE, issueIdentityCard } from '../../sync/identity-card';
import { publishOpenCharter, sampleDraft } from '../../testing/charter-setup';
import { testKeyProtection } from '../../testing/demo-workspace';
import { strangerKey } from '../../testing/snapshot-tamper';
import { partnerSetup } from '../../testing/sync-setup';
import { Workspace } from '../../workspace/workspace';
import { ContractProbe } from './contract-probe';
import { fuzzRuns, FuzzTally } from './fuzz-figures';
import { DEEP_LEVELS, hugeString, jsonText, parseJson, pollutingKeys } from './hostile-values';
import {
  applyByteMutations,
  applyTextMutations,
  type TextMutation,
  textMutations,
} from './text-mutation';

/*
 * Item 5 of the reliability issue, at the files a user hands the app: catalog CSV and JSON
 * imports, identity cards and ledger export bundles (snapshot bundles have their own fuzz in
 * sync/snapshot-fuzz.test.ts). Each mutated file must end in a typed answer — a preview that
 * names its errors, a refusal with a stable code, a failed verification report — and never let
 * anything in: a refused import writes nothing, a tampered card pins no other key, a tampered
 * bundle never verifies.
 */

const RUNS = fuzzRuns(120);

const tally = new FuzzTally('files');
const logged: string[] = [];
let dir = '';
let probe: ContractProbe;
let baseDrafts: DatasetDraft[] = [];
let partner: { nodeId: string; card: string; fingerprint: string; vkey: string };
let bundle: Record<keyof typeof BUNDLE_FILES, Buffer>;
let caseNumber = 0;
/** What the cases came to, for the figures' notes: how deep the mutations got. */
const outcomes = new Map<string, number>();
const saw = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);

/** A property that records its cases and failures under `boundary` in the figures. */
async function property<T>(
  boundary: string,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Promise<void> | void,
  numRuns = RUNS,
): Promise<void> {
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        tally.count(boundary);
        await body(value);
      }),
      { numRuns },
    );
  } catch (error) {
    tally.fail(boundary, (error as Error).message);
    throw error;
  }
}

async function expectTyped(boundary: string, channel: string, input: unknown) {
  const outcome = await probe.run(channel, input);
  if (outcome.problem) tally.fail(boundary, `${channel}: ${outcome.problem}`);
  expect(outcome.problem).toBeNull();
  return outcome.result;
}

/** The base files, with identifiers no earlier case used, so a clean file would import. */
function freshDrafts(): DatasetDraft[] {
  caseNumber += 1;
  return baseDrafts.map((draft, i) => ({ ...draft, identifier: `fuzz-${caseNumber}-${i}` }));
}

function csvOf(drafts: readonly DatasetDraft[]): string {
  return (
    formatCsvRecord(datasetColumns) +
    drafts.map((draft) => formatCsvRecord(encodeDatasetCells(draft))).join('')
  );
}

beforeAll(() => {
  configureLogging({ sink: (line) => logged.push(line.slice(0, 2000)) });
  dir = mkdtempSync(join(tmpdir(), 'concordat-fuzz-files-'));
  probe = new ContractProbe(join(dir, 'demo'));
  const ids = probe.ws.sqlite.prepare('SELECT id FROM dataset LIMIT 4').pluck().all() as string[];
  baseDrafts = ids.map((id) => draftOfDataset(getDataset(probe.ws, id)));

  // Another node: its card is what an operator would be handed, its ledger what an auditor is.
  const other = Workspace.create(join(dir, 'partner.concordat'), partnerSetup, {
    keyProtection: testKeyProtection,
  });
  try {
    publishOpenCharter(other);
    for (const identifier of ['trips', 'stops', 'fares']) {
      createDataset(other, sampleDraft({ identifier, title: identifier }));
    }
    const card = issueIdentityCard(other);
    partner = {
      nodeId: other.node.nodeId,
      card: card.text,
      fingerprint: card.fingerprint,
      vkey: other.registeredVkey() ?? '',
    };
    const exported = join(dir, 'bundle');
    exportLedger(other, exported);
    bundle = {
      entries: readFileSync(join(exported, BUNDLE_FILES.entries)),
      checkpoint: readFileSync(join(exported, BUNDLE_FILES.checkpoint)),
      vkey: readFileSync(join(exported, BUNDLE_FILES.vkey)),
    };
  } finally {
    other.close();
  }
}, 60_000);

afterAll(() => {
  probe.close();
  rmSync(dir, { recursive: true, force: true });
  configureLogging({ sink: (line) => process.stderr.write(line + '\n') });
  tally.note(`files: ${probe.summary()}`);
  tally.note(`files: ${[...outcomes].map(([what, n]) => `${what} ${n}`).join(', ')}`);
  tally.write();
});

describe('catalog imports under mutated files', () => {
  type Step = 'preview' | 'commit-excluding-invalid' | 'commit-everything';
  interface JsonEdit {
    item: number;
    field: string;
    value: unknown;
  }

  async function importOnce(
    boundary: string,
    format: 'csv' | 'json',
    content: string,
    step: Step,
  ): Promise<void> {
    const source = { format, fileName: `datasets.${format}`, content };
    const preview = await expectTyped(boundary, 'catalog.importPreview', source);
    saw(`${format} preview ${preview?.ok ? 'ok' : 'refused'}`);
    if (step === 'preview' || !preview?.ok) return;
    const { invalidRows, validRows } = preview.value as ImportPreview;
    const before = probe.head();
    const exclude = step === 'commit-excluding-invalid' ? invalidRows : [];
    const committed = await expectTyped(boundary, 'catalog.importCommit', { source, exclude });
    saw(`${format} commit ${committed?.ok ? 'ok' : 'refused'}`);
    if (!committed?.ok) return;
    // What was acknowledged is exactly what the ledger holds: one entry per dataset.
    const { created } = committed.value as ImportResult;
    expect(created).toBeLessThanOrEqual(validRows);
    expect(probe.head().size).toBe(before.size + created);
  }

  const step = fc.constantFrom<Step>('preview', 'commit-excluding-invalid', 'commit-everything');

  it('answers every mutated CSV file with a preview or a typed refusal, writing nothing on refusal', async () => {
    probe.resetActor();
    await property('catalog-csv', fc.tuple(textMutations, step), async ([mutations, how]) => {
      await importOnce(
        'catalog-csv',
        'csv',
        applyTextMutations(csvOf(freshDrafts()), mutations),
        how,
      );
    });
  }, 120_000);

  it('answers every mutated JSON file (text and structure) the same way', async () => {
    probe.resetActor();
    const edit: fc.Arbitrary<JsonEdit> = fc.record({
      item: fc.nat(),
      field: fc.oneof(
        fc.constantFrom(...Object.keys(baseDrafts[0] ?? sampleDraft())),
        fc.constantFrom(...pollutingKeys),
        fc.string({ maxLength: 6 }),
      ),
      value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(parseJson('{"polluted":1}'))),
    });
    const mutated: fc.Arbitrary<{ mutations: TextMutation[]; edits: JsonEdit[] }> = fc.oneof(
      textMutations.map((mutations) => ({ mutations, edits: [] })),
      fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => ({ mutations: [], edits })),
    );
    await property('catalog-json', fc.tuple(mutated, step), async ([{ mutations, edits }, how]) => {
      // Structural edits go through JSON text, so `__proto__` lands as an own key.
      const items = freshDrafts().map((draft) => JSON.stringify(draft));
      for (const { item, field, value } of edits) {
        const at = item % items.length;
        const text = items[at] ?? '{}';
        items[at] = `{${JSON.stringify(field)}:${JSON.stringify(value)},${text.slice(1)}`;
      }
      const content = applyTextMutations(`[${items.join(',\n')}]`, mutations);
      await importOnce('catalog-json', 'json', content, how);
    });
  }, 120_000);

  it('refuses oversized, deep, polluting and overlong files with typed answers', async () => {
    probe.resetActor();
    const drafts = freshDrafts();
    const header = formatCsvRecord(datasetColumns);
    const row = formatCsvRecord(encodeDatasetCells(drafts[0] ?? sampleDraft()));
    const cases: [string, 'csv' | 'json', string][] = [
      ['empty', 'csv', ''],
      ['BOM only', 'csv', '\uFEFF'],
      ['header only', 'csv', header],
      ['lone surrogates', 'csv', `${header}\uD800,\uDC00\n`],
      ['NUL bytes', 'csv', `${header}${row.replace(/,/g, ',\0')}`],
      [
        '10 MB cell',
        'csv',
        `${header}${formatCsvRecord(encodeDatasetCells({ ...(drafts[0] ?? sampleDraft()), description: hugeString }))}`,
      ],
      ['10,000 columns', 'csv', `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n`],
      ['one row too many', 'csv', `identifier\n${'x\n'.repeat(MAX_IMPORT_ROWS + 1)}`],
      ['unterminated quote', 'csv', `${header}"${row}`],
      ['not JSON', 'json', '{not json'],
      ['deep JSON', 'json', `${'['.repeat(DEEP_LEVELS)}${']'.repeat(DEEP_LEVELS)}`],
      [
        '__proto__ item',
        'json',
        `[{"__proto__":{"polluted":1},${JSON.stringify(drafts[1] ?? sampleDraft()).slice(1)}]`,
      ],
      ['constructor.prototype', 'json', '[{"constructor":{"prototype":{"polluted":1}}}]'],
      ['datasets wrapper with extra key', 'json', '{"datasets":[],"__proto__":[]}'],
      ['a number', 'json', '1e999'],
      ['duplicate keys', 'json', '[{"identifier":"a-b","identifier":"c-d"}]'],
    ];
    for (const [name, format, content] of cases) {
      tally.count(`catalog-${format}`);
      for (const how of ['preview', 'commit-everything'] as const) {
        await importOnce(`catalog-${format}`, format, content, how).catch((error: unknown) => {
          throw new Error(`${name}: ${String(error)}`);
        });
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});

describe('identity cards under mutation', () => {
  type CardMutation =
    | { kind: 'text'; mutations: TextMutation[] }
    | { kind: 'field'; field: string; value: unknown; resign: boolean }
    | { kind: 'envelope'; field: 'payloadType' | 'payload' | 'signatures'; value: unknown };

  function cardOf(mutation: CardMutation): { text: string; resigned: boolean } {
    if (mutation.kind === 'text') {
      return { text: applyTextMutations(partner.card, mutation.mutations), resigned: false };
    }
    const envelope = JSON.parse(partner.card) as DsseEnvelope;
    if (mutation.kind === 'envelope') {
      const text = JSON.stringify({ ...envelope, [mutation.field]: mutation.value });
      return { text, resigned: false };
    }
    const claims = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as Record<
      string,
      unknown
    >;
    const edited = parseJson(
      `{${JSON.stringify(mutation.field)}:${jsonText(mutation.value) ?? 'null'},${JSON.stringify(claims).slice(1)}`,
    ) as Record<string, unknown>;
    if (!mutation.resign) {
      const payload = Buffer.from(JSON.stringify(edited)).toString('base64');
      return { text: JSON.stringify({ ...envelope, payload }), resigned: false };
    }
    // A stranger's key under the node's key name: a self-signed card for a key nobody compared.
    const stranger = strangerKey(nodeKeyName(partner.nodeId));
    const claimsWithKey = { ...edited, vkey: stranger.signer.vkey };
    let bytes: Uint8Array;
    try {
      bytes = canonicalBytes(claimsWithKey);
    } catch {
      bytes = Buffer.from(JSON.stringify(claimsWithKey));
    }
    return {
      text: JSON.stringify(signDsse(IDENTITY_PAYLOAD_TYPE, bytes, stranger.signer)),
      resigned: true,
    };
  }

  const cardMutation: fc.Arbitrary<CardMutation> = fc.oneof(
    textMutations.map((mutations) => ({ kind: 'text' as const, mutations })),
    fc.record({
      kind: fc.constant('field' as const),
      field: fc.oneof(
        fc.constantFrom(
          'format',
          'nodeId',
          'organisation',
          'operator',
          'roles',
          'vkey',
          'issuedAt',
        ),
        fc.constantFrom(...pollutingKeys),
      ),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(hugeString.slice(0, 70_000))),
      resign: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('envelope' as const),
      field: fc.constantFrom('payloadType', 'payload', 'signatures'),
      value: fc.jsonValue({ maxDepth: 3 }),
    }),
  );

  it('never reads a tampered card as the partner’s, and never pins a key nobody compared', async () => {
    probe.resetActor();
    const terms = { relationship: 'partner', tier: null };
    await property('identity-card', cardMutation, async (mutation) => {
      const { text, resigned } = cardOf(mutation);
      const read = await expectTyped('identity-card', 'sync.readCard', { card: text });
      saw(`card read ${read?.ok ? 'ok' : 'refused'}`);
      if (read?.ok) {
        const preview = read.value as CardPreview;
        // A card verifies only with the key it names: the partner's, or a re-signing stranger's.
        if (!resigned) expect(preview.fingerprint).toBe(partner.fingerprint);
        else expect(preview.fingerprint).not.toBe(partner.fingerprint);
      }
      const added = await expectTyped('identity-card', 'sync.addPeer', {
        card: text,
        fingerprint: partner.fingerprint,
        terms,
      });
      saw(`card pinned ${added?.ok ? 'ok' : 'refused'}`);
      if (added?.ok) {
        const pinned = probe.ws.sqlite
          .prepare('SELECT vkey FROM peer WHERE node_id = ?')
          .pluck()
          .get(partner.nodeId);
        expect(pinned).toBe(partner.vkey);
      }
    });
  }, 120_000);
});

describe('ledger export bundles under mutation', () => {
  type BundleMutation =
    | { file: keyof typeof BUNDLE_FILES; op: 'bytes'; mutations: TextMutation[] }
    | { file: keyof typeof BUNDLE_FILES; op: 'remove' | 'directory' | 'empty' | 'overlong-line' };

  const bundleMutation: fc.Arbitrary<BundleMutation> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        file: fc.constantFrom<keyof typeof BUNDLE_FILES>('entries', 'checkpoint', 'vkey'),
        op: fc.constant('bytes' as const),
        mutations: textMutations,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        file: fc.constantFrom<keyof typeof BUNDLE_FILES>('entries', 'checkpoint', 'vkey'),
        op: fc.constantFrom(
          'remove' as const,
          'directory' as const,
          'empty' as const,
          'overlong-line' as const,
        ),
      }),
    },
  );

  function writeBundle(target: string, mutation: BundleMutation): Record<string, Buffer> {
    mkdirSync(target);
    const files: Record<string, Buffer> = {};
    for (const key of Object.keys(BUNDLE_FILES) as (keyof typeof BUNDLE_FILES)[]) {
      const path = join(target, BUNDLE_FILES[key]);
      let bytes = bundle[key];
      if (key === mutation.file) {
        if (mutation.op === 'remove') continue;
        if (mutation.op === 'directory') {
          mkdirSync(path);
          continue;
        }
        if (mutation.op === 'empty') bytes = Buffer.alloc(0);
        if (mutation.op === 'overlong-line')
          bytes = Buffer.concat([bytes, Buffer.alloc(3 * 1024 * 1024, 0x41)]);
        if (mutation.op === 'bytes') bytes = applyByteMutations(bytes, mutation.mutations);
      }
      writeFileSync(path, bytes);
      files[key] = bytes;
    }
    return files;
  }

  function contents(target: string): string {
    return readdirSync(target, { withFileTypes: true })
      .map((entry) =>
        entry.isFile()
          ? `${entry.name}:${readFileSync(join(target, entry.name)).toString('base64')}`
          : `${entry.name}/`,
      )
      .sort()
      .join('\n');
  }

  /** A report or BUNDLE_INVALID; any other exception is a bug. */
  function verifyTyped(target: string, pinnedVkey?: string) {
    try {
      return verifyBundle(target, pinnedVkey === undefined ? {} : { pinnedVkey });
    } catch (error) {
      if (error instanceof AppError && error.code === 'BUNDLE_INVALID') return null;
      throw error;
    }
  }

  it('verifies no tampered bundle, refuses the unreadable with BUNDLE_INVALID and writes nothing', async () => {
    const unchanged = (files: Record<string, Buffer>, key: keyof typeof BUNDLE_FILES) =>
      files[key]?.equals(bundle[key]) === true;
    // The same signed claim: a repeated signature line (checked, and counted once, as Go's
    // note.Open does) changes the file but not what it says.
    const sameCheckpoint = (files: Record<string, Buffer>) => {
      try {
        return (
          parseSignedNote(files.checkpoint ?? '').text === parseSignedNote(bundle.checkpoint).text
        );
      } catch {
        return false;
      }
    };
    await property('ledger-bundle', bundleMutation, (mutation) => {
      caseNumber += 1;
      const target = join(dir, `bundle-${caseNumber}`);
      const files = writeBundle(target, mutation);
      const before = contents(target);
      try {
        const report = verifyTyped(target);
        const pinned = verifyTyped(target, partner.vkey);
        const bodyIntact = unchanged(files, 'entries') && sameCheckpoint(files);
        saw(
          `bundle ${report === null ? 'BUNDLE_INVALID' : report.ok ? 'verified' : `fault ${report.fault?.kind ?? '?'}`}`,
        );
        if (report?.ok) {
          // Only a vkey file that still names the same key (say, a trailing newline) may pass.
          expect(bodyIntact).toBe(true);
          expect(files.vkey?.toString('utf8').trim()).toBe(partner.vkey);
        }
        if (pinned?.ok) expect(bodyIntact).toBe(true);
        if (!bodyIntact) {
          expect(report?.ok ?? false).toBe(false);
          expect(pinned?.ok ?? false).toBe(false);
        }
        expect(contents(target)).toBe(before);
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    });
    expect(existsSync(join(dir, 'bundle', BUNDLE_FILES.entries))).toBe(true);
  }, 120_000);

  it('reports an entry with a 70 KB key as a fault instead of failing to compile a template', () => {
    // Found by this fuzz: the verifier learned a layout template from the tampered entry and
    // V8 refused to compile it ("Regular expression too large"), an untyped crash.
    const lines = bundle.entries.toString('latin1').split('\n');
    const at = lines.findIndex((line) => line.includes('"type":"dataset.created"'));
    expect(at).toBeGreaterThan(0);
    lines[at] = (lines[at] ?? '').replace('"title":', `"title${'x'.repeat(70_000)}":`);
    const target = join(dir, 'bundle-long-key');
    writeBundle(target, { file: 'entries', op: 'bytes', mutations: [] });
    writeFileSync(join(target, BUNDLE_FILES.entries), Buffer.from(lines.join('\n'), 'latin1'));
    tally.count('ledger-bundle');
    const report = verifyTyped(target);
    expect(report?.ok).toBe(false);
    rmSync(target, { recursive: true, force: true });
  });

  it('logged no unexpected failure', () => {
    const unexpected = logged.filter((line) => line.includes('"level":"error"'));
    if (unexpected.length > 0) tally.fail('files', `unexpected failures logged: ${unexpected[0]}`);
    expect(unexpected).toEqual([]);
  });
});
