import { Buffer } from 'node:buffer';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc, { type JsonValue } from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotImportResult, SnapshotRecordKind } from '../../../shared/domain/sync';
import { AppError, type ErrorCode } from '../../../shared/errors';
import { addPrincipal, approveGrant, requestGrant } from '../access/access-commands';
import { revokeGrant } from '../access/grant-steps';
import type { ReplicaRow } from '../commands/sync-events';
import { canonicalBytes } from '../ledger/canonical-json';
import type { DsseEnvelope } from '../ledger/dsse';
import { verifyWorkspace } from '../ledger-store/verify-workspace';
import { accessNow, setUpGrantScenario } from '../testing/access-setup';
import {
  databaseFingerprint,
  gzipBundle,
  openSnapshot,
  packSnapshot,
  partRecords,
  plainBundle,
  reseal,
  workspaceSigner,
  type DatabaseFingerprint,
  type OpenedSnapshot,
} from '../testing/snapshot-tamper';
import { leadSetup, partnerSetup, pin, useSyncWorkspaces } from '../testing/sync-setup';
import { Workspace } from '../workspace/workspace';
import { ENDORSEMENT_PAYLOAD_TYPE } from './endorsements';
import { IDENTITY_PAYLOAD_TYPE } from './identity-card';
import { snapshotParts } from './replica-tables';
import { buildSnapshot } from './snapshot-build';
import { importSnapshot } from './snapshot-import';

/** ~300 runs take a few seconds; raise with CONCORDAT_FUZZ_RUNS=5000 for a longer hunt. */
const RUNS = Number(process.env.CONCORDAT_FUZZ_RUNS ?? 300);

/** The refusals an import may end in; anything else (or any other exception) is a bug. */
const refusals: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BUNDLE_TOO_LARGE',
  'BUNDLE_MALFORMED',
  'SNAPSHOT_UNSIGNED',
  'SNAPSHOT_WRONG_TYPE',
  'SNAPSHOT_BAD_SIGNATURE',
  'SNAPSHOT_MALFORMED',
  'SNAPSHOT_ISSUER_MISMATCH',
  'SNAPSHOT_KEY_MISMATCH',
  'SNAPSHOT_WRONG_AUDIENCE',
  'SNAPSHOT_ROLLBACK',
  'SNAPSHOT_PREV_MISMATCH',
  'SNAPSHOT_EXPIRED',
  'SNAPSHOT_CHECKPOINT_INVALID',
  'SNAPSHOT_FORK',
  'SNAPSHOT_PART_MISMATCH',
  'PEER_UNKNOWN',
  'PEER_REVOKED',
]);

/*
 * Mutations are plain data (so fast-check shrinks and prints them); `render` applies one to
 * the valid bundle. Indexes are taken modulo the length they index.
 */
type Mutation =
  | { kind: 'identity'; how: 'as-is' | 'regzip' | 'plain' | 'reorder' | 'previous-envelope' }
  | { kind: 'flip'; layer: 'gzip' | 'plain'; index: number; mask: number; regzip: boolean }
  | { kind: 'truncate'; layer: 'gzip' | 'plain'; at: number; regzip: boolean }
  | { kind: 'insert'; layer: 'gzip' | 'plain'; at: number; bytes: number[]; regzip: boolean }
  | { kind: 'header'; line: number; op: HeaderOp; regzip: boolean }
  | { kind: 'part-swap'; part: SnapshotRecordKind; from: 'previous' | 'other' | 'drop' | 'empty' }
  | { kind: 'envelope'; op: EnvelopeOp }
  | { kind: 'record'; part: SnapshotRecordKind; index: number; op: RecordOp }
  | { kind: 'part-json'; part: SnapshotRecordKind; value: JsonValue }
  | { kind: 'part-bytes'; part: SnapshotRecordKind; index: number; mask: number }
  | { kind: 'manifest'; op: ManifestOp }
  | { kind: 'payload-bytes'; index: number; mask: number };

type HeaderOp =
  | { op: 'length'; delta: number }
  | { op: 'text'; text: string }
  | { op: 'delete' }
  | { op: 'duplicate' }
  | { op: 'issuer'; nodeId: string }
  | { op: 'rename'; name: string }
  | { op: 'space' };

type EnvelopeOp =
  | { op: 'type'; payloadType: string }
  | { op: 'unsigned' }
  | { op: 'duplicate-signature' }
  | { op: 'keyid'; keyid: string }
  | { op: 'sig'; index: number; mask: number }
  | { op: 'extra'; key: string; value: JsonValue }
  | { op: 'payload'; index: number; mask: number }
  | { op: 'replace'; value: JsonValue };

type RecordOp =
  | { op: 'set'; column: number; value: JsonValue }
  | { op: 'set-string'; column: number; value: string }
  | { op: 'delete'; column: number }
  | { op: 'add'; key: string; value: JsonValue }
  | { op: 'duplicate' }
  | { op: 'replace'; value: JsonValue }
  | { op: 'nest'; depth: number };

type ManifestOp =
  | { op: 'version'; value: number }
  | { op: 'prev'; value: string | null }
  | { op: 'audience'; value: string }
  | { op: 'expires'; value: string }
  | { op: 'issued'; value: string }
  | { op: 'checkpoint'; index: number; mask: number }
  | { op: 'consistency'; change: 'null' | 'from-size' | 'drop-proof' | 'flip-proof'; n: number }
  | { op: 'organisation'; value: string }
  | { op: 'issuer'; value: string }
  | { op: 'parts'; change: 'drop' | 'duplicate' | 'reverse' | 'records'; n: number }
  | { op: 'extra'; key: string; value: JsonValue }
  | { op: 'vkey'; value: string };

const byteMask = fc.integer({ min: 1, max: 255 });
const json = fc.jsonValue({ maxDepth: 3 });
const shortText = fc.string({ maxLength: 24 });
const regzip = fc.boolean();
const populated = fc.constantFrom<SnapshotRecordKind>('charter', 'dataset', 'principal', 'grant');

function mutations(ids: { lead: string; partner: string }): fc.Arbitrary<Mutation> {
  const nodeId = fc.oneof(fc.uuid(), fc.constantFrom(ids.lead, ids.partner));
  const layer = fc.constantFrom<'gzip' | 'plain'>('gzip', 'plain');
  const headerOp: fc.Arbitrary<HeaderOp> = fc.oneof(
    fc.record({
      op: fc.constant('length' as const),
      delta: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(1_000_000_000)),
    }),
    fc.record({ op: fc.constant('text' as const), text: shortText }),
    fc.record({ op: fc.constant('delete' as const) }),
    fc.record({ op: fc.constant('duplicate' as const) }),
    fc.record({ op: fc.constant('issuer' as const), nodeId }),
    fc.record({
      op: fc.constant('rename' as const),
      name: fc.oneof(
        fc.constantFrom(...snapshotParts, '../../etc/passwd', '__proto__', 'constructor', ''),
        shortText,
      ),
    }),
    fc.record({ op: fc.constant('space' as const) }),
  );
  const envelopeOp: fc.Arbitrary<EnvelopeOp> = fc.oneof(
    fc.record({
      op: fc.constant('type' as const),
      payloadType: fc.oneof(
        fc.constantFrom(IDENTITY_PAYLOAD_TYPE, ENDORSEMENT_PAYLOAD_TYPE, ''),
        shortText,
      ),
    }),
    fc.record({ op: fc.constant('unsigned' as const) }),
    fc.record({ op: fc.constant('duplicate-signature' as const) }),
    fc.record({ op: fc.constant('keyid' as const), keyid: shortText }),
    fc.record({ op: fc.constant('sig' as const), index: fc.nat(), mask: byteMask }),
    fc.record({
      op: fc.constant('extra' as const),
      key: fc.oneof(fc.constantFrom('alg', 'kid', '__proto__'), shortText),
      value: json,
    }),
    fc.record({ op: fc.constant('payload' as const), index: fc.nat(), mask: byteMask }),
    fc.record({ op: fc.constant('replace' as const), value: json }),
  );
  const recordOp: fc.Arbitrary<RecordOp> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), column: fc.nat(), value: json }),
    fc.record({ op: fc.constant('set-string' as const), column: fc.nat(), value: shortText }),
    fc.record({ op: fc.constant('delete' as const), column: fc.nat() }),
    fc.record({
      op: fc.constant('add' as const),
      key: fc.oneof(fc.constantFrom('row_key', 'constructor', 'toString'), shortText),
      value: json,
    }),
    fc.record({ op: fc.constant('duplicate' as const) }),
    fc.record({ op: fc.constant('replace' as const), value: json }),
    fc.record({ op: fc.constant('nest' as const), depth: fc.integer({ min: 2, max: 20_000 }) }),
  );
  const instant = fc
    .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
    .map((date) => date.toISOString());
  const manifestOp: fc.Arbitrary<ManifestOp> = fc.oneof(
    fc.record({ op: fc.constant('version' as const), value: fc.integer({ min: -1, max: 4 }) }),
    fc.record({
      op: fc.constant('prev' as const),
      value: fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-f]{64}$/), shortText),
    }),
    fc.record({ op: fc.constant('audience' as const), value: nodeId }),
    fc.record({ op: fc.constant('expires' as const), value: fc.oneof(instant, shortText) }),
    fc.record({ op: fc.constant('issued' as const), value: fc.oneof(instant, shortText) }),
    fc.record({ op: fc.constant('checkpoint' as const), index: fc.nat(), mask: byteMask }),
    fc.record({
      op: fc.constant('consistency' as const),
      change: fc.constantFrom<'null' | 'from-size' | 'drop-proof' | 'flip-proof'>(
        'null',
        'from-size',
        'drop-proof',
        'flip-proof',
      ),
      n: fc.nat(),
    }),
    fc.record({ op: fc.constant('organisation' as const), value: shortText }),
    fc.record({ op: fc.constant('issuer' as const), value: nodeId }),
    fc.record({
      op: fc.constant('parts' as const),
      change: fc.constantFrom<'drop' | 'duplicate' | 'reverse' | 'records'>(
        'drop',
        'duplicate',
        'reverse',
        'records',
      ),
      n: fc.nat(),
    }),
    fc.record({ op: fc.constant('extra' as const), key: shortText, value: json }),
    fc.record({ op: fc.constant('vkey' as const), value: shortText }),
  );
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('identity' as const),
        how: fc.constantFrom<'as-is' | 'regzip' | 'plain' | 'reorder' | 'previous-envelope'>(
          'as-is',
          'regzip',
          'plain',
          'reorder',
          'previous-envelope',
        ),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('flip' as const),
        layer,
        index: fc.nat(),
        mask: byteMask,
        regzip,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('truncate' as const), layer, at: fc.nat(), regzip }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        layer,
        at: fc.nat(),
        bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
        regzip,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('header' as const),
        line: fc.nat(),
        op: headerOp,
        regzip,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('part-swap' as const),
        part: fc.constantFrom(...snapshotParts),
        from: fc.constantFrom<'previous' | 'other' | 'drop' | 'empty'>(
          'previous',
          'other',
          'drop',
          'empty',
        ),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('envelope' as const), op: envelopeOp }) },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('record' as const),
        part: populated,
        index: fc.nat(),
        op: recordOp,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('part-json' as const),
        part: fc.constantFrom(...snapshotParts),
        value: json,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('part-bytes' as const),
        part: populated,
        index: fc.nat(),
        mask: byteMask,
      }),
    },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('manifest' as const), op: manifestOp }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('payload-bytes' as const),
        index: fc.nat(),
        mask: byteMask,
      }),
    },
  );
}

function flipped(bytes: Uint8Array, index: number, mask: number): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.byteLength > 0) {
    const at = index % copy.byteLength;
    copy[at] = (copy[at] ?? 0) ^ mask;
  }
  return copy;
}

function flippedChar(text: string, index: number, mask: number): string {
  if (text.length === 0) return text;
  const at = index % text.length;
  return `${text.slice(0, at)}${String.fromCharCode((text.charCodeAt(at) ^ mask) & 0x7f || 0x41)}${text.slice(at + 1)}`;
}

/** Canonical when it can be; a manifest the canonicaliser refuses is sent as plain JSON. */
function manifestBytes(manifest: unknown): Uint8Array {
  try {
    return canonicalBytes(manifest);
  } catch {
    return Buffer.from(JSON.stringify(manifest), 'utf8');
  }
}

interface Fixture {
  bundle: Uint8Array;
  plain: Buffer;
  previous: Uint8Array;
  sign: ReturnType<typeof workspaceSigner>;
}

/** The mutated bundle, and whether the issuer's key signed the mutation. */
function render(m: Mutation, f: Fixture): { bytes: Uint8Array; resigned: boolean } {
  const fresh = (): OpenedSnapshot => openSnapshot(f.bundle);
  const out = (bytes: Uint8Array, again: boolean) => ({
    bytes: again ? gzipBundle(bytes) : bytes,
    resigned: false,
  });
  switch (m.kind) {
    case 'identity': {
      if (m.how === 'as-is') return { bytes: f.bundle, resigned: false };
      if (m.how === 'regzip') return out(f.plain, true);
      if (m.how === 'plain') return out(f.plain, false);
      const opened = fresh();
      if (m.how === 'reorder') opened.parts = new Map([...opened.parts].reverse());
      else opened.envelope = openSnapshot(f.previous).envelope;
      return { bytes: packSnapshot(opened), resigned: false };
    }
    case 'flip':
      return m.layer === 'gzip'
        ? out(flipped(f.bundle, m.index, m.mask), false)
        : out(flipped(f.plain, m.index, m.mask), m.regzip);
    case 'truncate': {
      const source = m.layer === 'gzip' ? f.bundle : f.plain;
      const cut = source.subarray(0, m.at % source.byteLength);
      return out(cut, m.layer === 'plain' && m.regzip);
    }
    case 'insert': {
      const source = Buffer.from(m.layer === 'gzip' ? f.bundle : f.plain);
      const at = m.at % (source.byteLength + 1);
      const bytes = Buffer.concat([
        source.subarray(0, at),
        Buffer.from(m.bytes),
        source.subarray(at),
      ]);
      return out(bytes, m.layer === 'plain' && m.regzip);
    }
    case 'header': {
      const text = f.plain.toString('latin1');
      const headers = [
        ...text.matchAll(
          /^(?:concordat-snapshot-bundle\/1|issuer \S+|rotation \d+|envelope \d+|part \S+ \d+|end)$/gm,
        ),
      ];
      const target =
        m.op.op === 'issuer'
          ? headers.find((header) => header[0].startsWith('issuer '))
          : headers[m.line % headers.length];
      if (!target) return out(f.plain, m.regzip);
      const line = target[0];
      const start = target.index;
      const end = start + line.length;
      let replacement: string;
      switch (m.op.op) {
        case 'length': {
          const delta = m.op.delta;
          replacement = line.replace(/\d+$/, (n) => String(Math.max(0, Number(n) + delta)));
          break;
        }
        case 'text':
          replacement = m.op.text;
          break;
        case 'delete':
          replacement = '';
          break;
        case 'duplicate':
          replacement = `${line}\n${line}`;
          break;
        case 'issuer':
          replacement = `issuer ${m.op.nodeId}`;
          break;
        case 'rename': {
          const name = m.op.name;
          replacement = line.startsWith('part ')
            ? line.replace(/^part \S+/, `part ${name}`)
            : `${name} ${line}`;
          break;
        }
        case 'space':
          replacement = `${line} `;
          break;
      }
      const edited = `${text.slice(0, start)}${replacement}${text.slice(end)}`;
      return out(Buffer.from(edited, 'latin1'), m.regzip);
    }
    case 'part-swap': {
      const opened = fresh();
      if (m.from === 'drop') opened.parts.delete(m.part);
      else if (m.from === 'empty') opened.parts.set(m.part, Buffer.from('[]'));
      else if (m.from === 'previous') {
        opened.parts.set(m.part, openSnapshot(f.previous).parts.get(m.part) ?? Buffer.from('[]'));
      } else {
        const next = (snapshotParts.indexOf(m.part) + 1) % snapshotParts.length;
        const other = snapshotParts[next] ?? 'charter';
        opened.parts.set(m.part, opened.parts.get(other) ?? Buffer.from('[]'));
      }
      return { bytes: packSnapshot(opened), resigned: false };
    }
    case 'envelope': {
      const opened = fresh();
      const envelope = opened.envelope as unknown as Record<string, unknown> & DsseEnvelope;
      let replaced: unknown = envelope;
      switch (m.op.op) {
        case 'type':
          envelope.payloadType = m.op.payloadType;
          break;
        case 'unsigned':
          envelope.signatures = [];
          break;
        case 'duplicate-signature':
          envelope.signatures = [...envelope.signatures, ...envelope.signatures];
          break;
        case 'keyid': {
          const keyid = m.op.keyid;
          envelope.signatures = envelope.signatures.map((s) => ({ ...s, keyid }));
          break;
        }
        case 'sig': {
          const { index, mask } = m.op;
          envelope.signatures = envelope.signatures.map((s) => ({
            ...s,
            sig: flipped(Buffer.from(s.sig, 'base64'), index, mask).toString('base64'),
          }));
          break;
        }
        case 'extra':
          Object.defineProperty(envelope, m.op.key, { value: m.op.value, enumerable: true });
          break;
        case 'payload':
          envelope.payload = flipped(
            Buffer.from(envelope.payload, 'base64'),
            m.op.index,
            m.op.mask,
          ).toString('base64');
          break;
        case 'replace':
          replaced = m.op.value;
          break;
      }
      // JSON.stringify gives undefined for nothing JSON can hold; fast-check's JSON never is.
      const text = JSON.stringify(replaced) as string | undefined;
      return {
        bytes: packSnapshot({ ...opened, envelope: Buffer.from(text ?? 'null') }),
        resigned: false,
      };
    }
    case 'record': {
      const opened = fresh();
      const records: unknown[] = partRecords(opened, m.part);
      const index = m.index % Math.max(1, records.length);
      const record = { ...(records[index] as ReplicaRow) } as Record<string, unknown>;
      const columns = Object.keys(record);
      const column = (n: number) => columns[n % columns.length] ?? 'id';
      switch (m.op.op) {
        case 'set':
          record[column(m.op.column)] = m.op.value;
          records[index] = record;
          break;
        case 'set-string':
          record[column(m.op.column)] = m.op.value;
          records[index] = record;
          break;
        case 'delete':
          Reflect.deleteProperty(record, column(m.op.column));
          records[index] = record;
          break;
        case 'add':
          Object.defineProperty(record, m.op.key, { value: m.op.value, enumerable: true });
          records[index] = record;
          break;
        case 'duplicate':
          records.push(record);
          break;
        case 'replace':
          records[index] = m.op.value;
          break;
        case 'nest': {
          const depth = m.op.depth;
          const text = `[${'['.repeat(depth)}${JSON.stringify(record)}${']'.repeat(depth)}]`;
          opened.parts.set(m.part, Buffer.from(text));
          return { bytes: reseal(opened, f.sign), resigned: true };
        }
      }
      opened.parts.set(m.part, Buffer.from(JSON.stringify(records)));
      return { bytes: reseal(opened, f.sign), resigned: true };
    }
    case 'part-json': {
      const opened = fresh();
      opened.parts.set(m.part, Buffer.from(JSON.stringify(m.value)));
      return { bytes: reseal(opened, f.sign), resigned: true };
    }
    case 'part-bytes': {
      const opened = fresh();
      const part = opened.parts.get(m.part) ?? Buffer.from('[]');
      opened.parts.set(m.part, flipped(part, m.index, m.mask));
      return { bytes: reseal(opened, f.sign), resigned: true };
    }
    case 'manifest': {
      const opened = fresh();
      const manifest = opened.manifest as unknown as Record<string, unknown> &
        OpenedSnapshot['manifest'];
      const op = m.op;
      switch (op.op) {
        case 'version':
          manifest.version = op.value;
          break;
        case 'prev':
          manifest.prev = op.value;
          break;
        case 'audience':
          manifest.audience = op.value;
          break;
        case 'expires':
          manifest.expiresAt = op.value;
          break;
        case 'issued':
          manifest.issuedAt = op.value;
          break;
        case 'checkpoint':
          manifest.checkpoint = flippedChar(manifest.checkpoint, op.index, op.mask);
          break;
        case 'consistency': {
          const consistency = manifest.consistency;
          if (op.change === 'null' || !consistency) manifest.consistency = null;
          else if (op.change === 'from-size') consistency.fromSize = op.n % 64;
          else if (op.change === 'drop-proof') consistency.proof.splice(op.n % 8, 1);
          else if (consistency.proof.length > 0) {
            const at = op.n % consistency.proof.length;
            consistency.proof[at] = flipped(
              Buffer.from(consistency.proof[at] ?? '', 'base64'),
              op.n,
              1,
            ).toString('base64');
          }
          break;
        }
        case 'organisation':
          manifest.issuer.organisation = op.value;
          break;
        case 'issuer':
          manifest.issuer.nodeId = op.value;
          break;
        case 'parts': {
          const parts = manifest.parts;
          const at = op.n % parts.length;
          if (op.change === 'drop') parts.splice(at, 1);
          else if (op.change === 'reverse') parts.reverse();
          else {
            const part = parts[at];
            if (part && op.change === 'duplicate') parts.push({ ...part });
            else if (part) part.records = op.n;
          }
          break;
        }
        case 'extra':
          Object.defineProperty(manifest, op.key, { value: op.value, enumerable: true });
          break;
        case 'vkey':
          manifest.issuer.vkey = op.value;
          break;
      }
      // The parts are as they were: only the manifest (as edited) is signed again.
      return {
        bytes: reseal(opened, f.sign, { payload: manifestBytes(manifest), keepDigests: true }),
        resigned: true,
      };
    }
    case 'payload-bytes': {
      const opened = fresh();
      const payload = flipped(manifestBytes(opened.manifest), m.index, m.mask);
      return { bytes: reseal(opened, f.sign, { payload }), resigned: true };
    }
  }
}

function withoutAlarms(fp: DatabaseFingerprint) {
  const { sync_alarm: _alarms, ...tables } = fp.tables;
  return tables;
}

describe('snapshot import under fuzzed bundles', () => {
  const workspace = useSyncWorkspaces();

  it(
    `refuses every mutation with a listed code and writes nothing (${RUNS} runs)`,
    async ({ annotate }) => {
      const lead = workspace(leadSetup, 'lead');
      const partner = workspace(partnerSetup, 'partner');
      pin(lead, partner, { relationship: 'partner', tier: 'standard' });
      pin(partner, lead, { relationship: 'partner', tier: null });
      const { request } = setUpGrantScenario(lead);
      const grant = requestGrant(lead, request, accessNow);
      approveGrant(lead, { id: grant.id }, accessNow);
      const to = partner.node.nodeId;
      const first = buildSnapshot(lead, to);
      importSnapshot(partner, first.bundle);
      // Snapshot 2 carries a change and a consistency proof, so every check has work to do.
      revokeGrant(lead, { id: grant.id, reason: 'No longer needed' }, accessNow);
      addPrincipal(
        lead,
        {
          kind: 'partner-role',
          name: 'Acme auditors',
          organisation: 'Acme',
          tier: 'standard',
          legalBases: [],
        },
        accessNow,
      );
      const second = buildSnapshot(lead, to);
      const fixture: Fixture = {
        bundle: second.bundle,
        plain: plainBundle(second.bundle),
        previous: first.bundle,
        sign: workspaceSigner(lead),
      };

      // The receiver as it stands after snapshot 1; restored from this copy whenever a run
      // changed it (an accepted mutation, or a fork alarm).
      const baselinePath = join(dirname(partner.path), 'baseline.concordat');
      await partner.sqlite.backup(baselinePath);
      const baseline = databaseFingerprint(partner);
      let receiver = partner;
      const reopened: Workspace[] = [];
      let restores = 0;
      const restore = () => {
        receiver.close();
        const path = join(dirname(partner.path), `receiver-${(restores += 1)}.concordat`);
        copyFileSync(baselinePath, path);
        receiver = Workspace.open(path);
        reopened.push(receiver);
      };
      const outcomes = new Map<string, number>();
      const started = Date.now();
      const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      try {
        fc.assert(
          fc.property(mutations({ lead: lead.node.nodeId, partner: to }), (mutation) => {
            const before = databaseFingerprint(receiver);
            if (JSON.stringify(before) !== JSON.stringify(baseline)) {
              restore();
            }
            const { bytes, resigned } = render(mutation, fixture);
            let result: SnapshotImportResult | undefined;
            let failure: unknown;
            try {
              result = importSnapshot(receiver, bytes);
            } catch (error) {
              failure = error;
            }
            const after = databaseFingerprint(receiver);
            if (result === undefined) {
              expect(failure).toBeInstanceOf(AppError);
              const code = (failure as AppError).code;
              tally(code);
              expect(refusals.has(code), `unexpected code ${code}`).toBe(true);
              if (code === 'SNAPSHOT_FORK') {
                // Only the issuer's key can sign two histories; the alarm is all that is kept.
                expect(resigned).toBe(true);
                expect(after.ledgerSize).toBe(baseline.ledgerSize + 1);
                expect(after.tables.sync_alarm.rows).toBe(baseline.tables.sync_alarm.rows + 1);
                expect(withoutAlarms(after)).toEqual(withoutAlarms(baseline));
              } else {
                expect(after).toEqual(baseline);
              }
              return;
            }
            tally(`${resigned ? 'resigned ' : ''}${result.status}`);
            if (result.status === 'already-imported') {
              // Snapshot 1's envelope again: a no-op, whatever parts came with it.
              expect(result.digest).toBe(first.digest);
              expect(after).toEqual(baseline);
              return;
            }
            expect(result).toMatchObject({ status: 'imported', version: 2 });
            if (!resigned) {
              // Without the key, only what the issuer signed gets in: the same manifest.
              expect(result.digest).toBe(second.digest);
            } else {
              expect(verifyWorkspace(receiver, { deep: true }).fault).toBeNull();
            }
          }),
          { numRuns: RUNS },
        );
      } finally {
        for (const ws of reopened) ws.close();
      }
      // What the runs ended in, shown by the reporter (and worth a look after raising RUNS).
      await annotate(
        `${RUNS} runs in ${Date.now() - started} ms, ${restores} restores: ${JSON.stringify(
          Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b))),
        )}`,
      );
      // The mutations reach every layer: the container, the signature, the manifest, the parts.
      for (const code of [
        'BUNDLE_MALFORMED',
        'SNAPSHOT_BAD_SIGNATURE',
        'SNAPSHOT_MALFORMED',
        'SNAPSHOT_PART_MISMATCH',
      ]) {
        expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    Math.max(60_000, RUNS * 200),
  );
});
