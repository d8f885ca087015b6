import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DatasetDraft } from '../../../shared/domain/dataset';
import { sampleDraft } from '../testing/charter-setup';
import { createDataset } from '../catalog/catalog-commands';
import { toHex } from '../ledger/bytes';
import { useTempWorkspace } from '../testing/temp-dir';
import type { Workspace } from '../workspace/workspace';
import fc from 'fast-check';
import { canonicalize, parseCanonicalJson } from '../ledger/canonical-json';
import {
  classifyPositionFault,
  EntryChainChecker,
  type EntryRecord,
  scanCanonicalEntry,
  verifyEntryChain,
} from './verify-chain';

const newWorkspace = useTempWorkspace();

const draft: DatasetDraft = sampleDraft({ identifier: 'x', title: 'X' });

function ledgerOf(ws: Workspace): EntryRecord[] {
  for (let i = 0; i < 12; i += 1) createDataset(ws, { ...draft, identifier: `ds-${i}` });
  return (
    ws.sqlite
      .prepare('SELECT bytes, leaf_hash AS leafHash FROM ledger_entry ORDER BY seq')
      .all() as {
      bytes: Buffer;
      leafHash: Buffer;
    }[]
  ).map((row) => ({ bytes: row.bytes, leafHash: row.leafHash }));
}

function editBytes(entry: EntryRecord, from: string, to: string): EntryRecord {
  return {
    ...entry,
    bytes: Buffer.from(Buffer.from(entry.bytes).toString('utf8').replace(from, to)),
  };
}

describe('level-1 ledger verification', () => {
  it('accepts an intact ledger and reproduces its root', () => {
    const ws = newWorkspace();
    const entries = ledgerOf(ws);
    const result = verifyEntryChain(entries, { size: ws.ledger.size, root: ws.ledger.root() });
    expect(result.fault).toBeNull();
    // Six entries from creating the workspace and publishing its charter, then 12 datasets.
    expect(result.size).toBe(18);
    expect(toHex(result.root)).toBe(toHex(ws.ledger.root()));
  });

  it('names an entry whose bytes were edited (stored hashes kept)', () => {
    const entries = ledgerOf(newWorkspace());
    entries[8] = editBytes(entries[8]!, '"internal"', '"public"');
    expect(verifyEntryChain(entries).fault).toMatchObject({ seq: 8, kind: 'leaf-hash-mismatch' });
  });

  it('catches an edited entry in an export without stored hashes at the next entry', () => {
    const entries = ledgerOf(newWorkspace()).map(({ bytes }) => ({ bytes }));
    entries[8] = editBytes(entries[8]!, '"internal"', '"public"');
    expect(verifyEntryChain(entries).fault).toMatchObject({ seq: 9, kind: 'chain-broken' });
  });

  it('refuses bytes that are not canonical, even if they mean the same JSON', () => {
    const entries = ledgerOf(newWorkspace());
    const text = Buffer.from(entries[3]!.bytes).toString('utf8');
    entries[3] = { bytes: Buffer.from(text.replace('{', '{ ')) };
    expect(verifyEntryChain(entries).fault).toMatchObject({ seq: 3, kind: 'entry-not-canonical' });
  });

  it('catches a deleted entry and two swapped entries as position faults', () => {
    const deleted = ledgerOf(newWorkspace());
    deleted.splice(4, 1);
    expect(verifyEntryChain(deleted).fault).toMatchObject({ seq: 4, kind: 'seq-mismatch' });
    const swapped = ledgerOf(newWorkspace());
    [swapped[7], swapped[8]] = [swapped[8]!, swapped[7]!];
    expect(verifyEntryChain(swapped).fault).toMatchObject({ seq: 7, kind: 'seq-mismatch' });
  });

  it('tells deleted entries from swapped or moved ones', () => {
    const entries = ledgerOf(newWorkspace());
    const classify = (ledger: typeof entries) => {
      const fault = verifyEntryChain(ledger).fault;
      if (!fault) throw new Error('expected a fault');
      return classifyPositionFault(fault, (position) => ledger[position]?.bytes);
    };
    const oneDeleted = [...entries];
    oneDeleted.splice(4, 1);
    expect(classify(oneDeleted)).toMatchObject({ seq: 4, kind: 'entry-deleted' });
    expect(classify(oneDeleted).message).toContain('Entry 4 is missing');
    const threeDeleted = [...entries];
    threeDeleted.splice(4, 3);
    expect(classify(threeDeleted).message).toContain('Entry 4–6 are missing');
    const swapped = [...entries];
    [swapped[7], swapped[8]] = [swapped[8]!, swapped[7]!];
    expect(classify(swapped)).toMatchObject({ seq: 7, kind: 'entries-reordered' });
    const repeated = [...entries.slice(0, 6), entries[2]!, ...entries.slice(6)];
    expect(classify(repeated)).toMatchObject({ seq: 6, kind: 'entries-reordered' });
  });

  it('catches truncation against the promised size', () => {
    const ws = newWorkspace();
    const entries = ledgerOf(ws);
    const result = verifyEntryChain(entries.slice(0, 9), {
      size: ws.ledger.size,
      root: ws.ledger.root(),
    });
    expect(result.fault).toMatchObject({ seq: 9, kind: 'truncated' });
  });

  it('catches a consistently re-hashed rewrite only through the expected root', () => {
    // An attacker drops the append-only triggers and replaces the history with another,
    // internally consistent chain: every level-1 check passes except the root a checkpoint
    // promised for that size.
    const victim = newWorkspace();
    ledgerOf(victim);
    const promised = { size: victim.ledger.size, root: victim.ledger.root() };
    const forgery = ledgerOf(newWorkspace());
    const raw = new Database(victim.path);
    raw.exec('DROP TRIGGER ledger_entry_no_update; DROP TRIGGER ledger_entry_no_delete;');
    raw.exec('DELETE FROM ledger_entry');
    const insert = raw.prepare(
      "INSERT INTO ledger_entry (seq, bytes, leaf_hash, type, actor, time) VALUES (?, ?, ?, 'x', 'x', 'x')",
    );
    forgery.forEach((entry, seq) => insert.run(seq, entry.bytes, entry.leafHash));
    raw.close();
    const stored = victim.sqlite
      .prepare('SELECT bytes, leaf_hash AS leafHash FROM ledger_entry ORDER BY seq')
      .all() as EntryRecord[];
    expect(verifyEntryChain(stored).fault).toBeNull();
    expect(verifyEntryChain(stored, promised).fault).toMatchObject({ kind: 'root-mismatch' });
  });

  it('refuses entries that are canonical JSON but not ledger entries', () => {
    const entries = ledgerOf(newWorkspace());
    entries[2] = { bytes: Buffer.from('{"hello":"world"}') };
    expect(verifyEntryChain(entries).fault).toMatchObject({ seq: 2, kind: 'entry-malformed' });
  });
});

describe('the fast canonical scanner', () => {
  const prev = 'ab'.repeat(32);
  const entryText = (payload: unknown, seq = 7) =>
    canonicalize({
      v: 1,
      seq,
      prev,
      time: '2025-01-01T00:00:00.000Z',
      actor: { node: 'n', operator: 'Ada' },
      type: 'dataset.created',
      payload,
    });

  /** What the scanner claims must be what the strict parser reads. */
  function agreesWithStrictParser(bytes: Uint8Array): boolean {
    const scanned = scanCanonicalEntry(bytes);
    if (scanned === null) return true;
    const entry = parseCanonicalJson(bytes) as Record<string, unknown>;
    const text = Buffer.from(bytes).toString('latin1');
    return (
      entry.v === 1 &&
      entry.seq === scanned.seq &&
      entry.prev === text.slice(scanned.prevAt, scanned.prevAt + 64) &&
      typeof entry.time === 'string' &&
      typeof entry.actor === 'object' &&
      entry.actor !== null &&
      typeof entry.type === 'string' &&
      entry.type !== '' &&
      'payload' in entry
    );
  }

  it('takes the fast path for the entries the ledger writes, non-ASCII text included', () => {
    for (const payload of [
      { title: 'Tomás Ribeiro — 東京 🚌', n: -12, ok: true, x: null },
      [],
      {},
    ]) {
      const bytes = Buffer.from(entryText(payload));
      expect(scanCanonicalEntry(bytes)).toMatchObject({ seq: 7 });
      expect(agreesWithStrictParser(bytes)).toBe(true);
    }
  });

  it('leaves to the strict parser what it cannot prove, and the checker still decides right', () => {
    const cases: [payload: string, canonical: boolean][] = [
      ['{"10":1,"9":2}', true], // JCS order, not JSON.parse order
      ['"a\\"b\\u001f"', true], // escapes
      ['1.5', true],
      ['1e+21', true],
      ['12345678901234567', false], // 16+ digits: not its own spelling
      ['-0', false],
      ['1.0', false],
      ['{"__proto__":1}', false],
      ['"\\u0041"', false],
      ['{"b":1,"a":2}', false],
      ['{"a":1,"a":1}', false],
      ['"tab\there"', false],
      [`${'['.repeat(70)}${']'.repeat(70)}`, false],
    ];
    for (const [payload, canonical] of cases) {
      const bytes = Buffer.from(entryText(null).replace('"payload":null', `"payload":${payload}`));
      expect(agreesWithStrictParser(bytes)).toBe(true);
      const result = new EntryChainChecker(7, null).check(bytes);
      expect(result instanceof Uint8Array, payload).toBe(canonical);
    }
    const invalidUtf8 = Buffer.concat([
      Buffer.from(entryText('x').slice(0, -3)),
      Buffer.from([0xc3, 0x22, 0x7d, 0x7d]),
    ]);
    expect(scanCanonicalEntry(invalidUtf8)).toBeNull();
    expect(new EntryChainChecker(7, null).check(invalidUtf8)).toMatchObject({
      kind: 'entry-not-canonical',
    });
  });

  it('never accepts what the strict parser refuses or reads differently (property)', () => {
    const palette = [
      ' ',
      '\\',
      '"',
      '\u0001',
      '0',
      '1',
      '-',
      '.',
      'e',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'é',
      '😀',
      'a',
      '_',
      '\u007f',
    ];
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(1e15),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...palette), fc.boolean()), { maxLength: 3 }),
        (payload, seq, edits) => {
          let text: string;
          try {
            text = entryText(payload, seq);
          } catch {
            return true; // not JSON data JCS can write (a __proto__ key, say)
          }
          if (!agreesWithStrictParser(Buffer.from(text))) return false;
          for (const [at, char, insert] of edits) {
            const i = at % text.length;
            text = text.slice(0, i) + char + text.slice(insert ? i : i + 1);
          }
          return agreesWithStrictParser(Buffer.from(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
