import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkspace } from '../../demo/demo-ecosystem';
import { exportLedger } from '../../ledger-store/export-bundle';
import { toBase64, toHex } from '../bytes';
import { canonicalBytes } from '../canonical-json';
import { signCheckpoint } from '../checkpoint';
import { generateEd25519KeyPair } from '../ed25519-keys';
import { MemorySubtreeStore } from '../memory-subtree-store';
import { leafHash } from '../merkle-hash';
import { consistencyProof, inclusionProof, MerkleAccumulator, rootAt } from '../merkle-tree';
import { createNoteSigner } from '../note-keys';
import { createTlogProof } from '../tlog-proof';

/*
 * Cross-checks the TypeScript output with Go's golang.org/x/mod/sumdb/{note,tlog}, built offline
 * from Debian's golang-golang-x-mod-dev sources in GOPATH mode (no module proxy, no network).
 */

const here = dirname(fileURLToPath(import.meta.url));
const GOPATH = process.env.CONCORDAT_XMOD_GOPATH ?? '/usr/share/gocode';

function goUnavailableReason(): string | undefined {
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) return '`go` is not installed';
  if (!existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/note/note.go'))) {
    return `golang.org/x/mod is not under ${GOPATH} (install golang-golang-x-mod-dev)`;
  }
  return undefined;
}

const skipReason = goUnavailableReason();

interface GoReport {
  ok: boolean;
  checked: Record<string, number>;
  errors: string[];
}

interface GoRequest {
  vkey: string;
  checkpoints: string[];
  entries?: string[];
  inclusion?: { checkpoint: number; index: number; entry: string; proof: string[] }[];
  consistency?: { old: number; new: number; proof: string[] }[];
  tlogProofs?: { proof: string; entry: string }[];
}

describe.skipIf(skipReason !== undefined)(
  `Go x/mod/sumdb cross-check${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    let workDir = '';
    let checker = '';

    beforeAll(() => {
      workDir = mkdtempSync(join(tmpdir(), 'concordat-go-checker-'));
      checker = join(workDir, 'go-checker');
      const build = spawnSync('go', ['build', '-o', checker, '.'], {
        cwd: here,
        encoding: 'utf8',
        env: {
          ...process.env,
          GO111MODULE: 'off',
          GOPATH,
          GOPROXY: 'off',
          GOFLAGS: '',
          GOTOOLCHAIN: 'local',
          GOCACHE: join(tmpdir(), 'concordat-go-cache'),
        },
      });
      if (build.status !== 0) throw new Error(`go build failed:\n${build.stderr}`);
    }, 180_000);

    afterAll(() => {
      if (workDir !== '') rmSync(workDir, { recursive: true, force: true });
    });

    function runChecker(request: GoRequest): GoReport {
      const run = spawnSync(checker, [], { input: JSON.stringify(request), encoding: 'utf8' });
      if (run.status !== 0 && run.status !== 1) throw new Error(`checker failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as GoReport;
    }

    it('accepts a real workspace export and a proof from it, as an auditor would run it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'concordat-go-export-'));
      try {
        const keyProtection = {
          kind: 'passphrase',
          passphrase: 'go cross-check passphrase',
        } as const;
        const workspace = createDemoWorkspace(join(dir, 'demo.concordat'), { keyProtection });
        const exported = exportLedger(workspace, join(dir, 'export'));
        const proof = createTlogProof(17, exported.note, workspace.ledger.subtrees);
        const entry17 = workspace.sqlite
          .prepare('SELECT bytes FROM ledger_entry WHERE seq = 17')
          .pluck()
          .get() as Buffer;
        workspace.close();
        const lines = readFileSync(join(dir, 'export', 'entries.jsonl'), 'utf8').split('\n');
        const request: GoRequest = {
          vkey: readFileSync(join(dir, 'export', 'vkey'), 'utf8').trim(),
          checkpoints: [readFileSync(join(dir, 'export', 'checkpoint'), 'utf8')],
          entries: lines.slice(0, -1).map((line) => Buffer.from(line, 'utf8').toString('base64')),
          tlogProofs: [{ proof, entry: entry17.toString('base64') }],
        };
        const report = runChecker(request);
        expect(report.errors).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.checked.entries).toBe(exported.size);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    // A hash-chained ledger as ARCHITECTURE.md §3 describes it.
    const origin = 'concordat.example/node-go';
    const signer = createNoteSigner(origin, generateEd25519KeyPair().privateKey);
    const store = new MemorySubtreeStore();
    const accumulator = new MerkleAccumulator();
    const entries: Uint8Array[] = [];
    let prev = '0'.repeat(64);
    for (let seq = 0; seq < 300; seq++) {
      const entry = canonicalBytes({
        v: 1,
        seq,
        prev,
        time: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
        actor: 'node-go',
        type: seq % 3 === 0 ? 'grant.created' : 'dataset.updated',
        payload: { note: `entry ${seq} “quoted” é`, n: seq / 7 },
      });
      const hash = leafHash(entry);
      store.putAll(accumulator.append(hash));
      entries.push(entry);
      prev = toHex(hash);
    }
    const sizes = [1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 300];
    const checkpoints = sizes.map((size) =>
      signCheckpoint({ origin, size, rootHash: rootAt(size, store) }, signer),
    );

    function fullRequest(): Required<GoRequest> {
      const inclusion: Required<GoRequest>['inclusion'] = [];
      sizes.forEach((size, checkpoint) => {
        for (let index = 0; index < size; index += size > 50 ? 7 : 1) {
          inclusion.push({
            checkpoint,
            index,
            entry: toBase64(entries[index] as Uint8Array),
            proof: inclusionProof(index, size, store).map(toBase64),
          });
        }
      });
      const consistency: Required<GoRequest>['consistency'] = [];
      sizes.forEach((m, old) => {
        sizes.forEach((n, newer) => {
          if (m <= n) {
            consistency.push({
              old,
              new: newer,
              proof: consistencyProof(m, n, store).map(toBase64),
            });
          }
        });
      });
      const tlogProofs = [0, 1, 2, 99, 254, 255, 256, 299].map((index) => ({
        proof: createTlogProof(
          index,
          checkpoints[checkpoints.length - 1] as string,
          store,
          Buffer.from(`entry ${index}`),
        ),
        entry: toBase64(entries[index] as Uint8Array),
      }));
      return {
        vkey: signer.vkey,
        checkpoints,
        entries: entries.map(toBase64),
        inclusion,
        consistency,
        tlogProofs,
      };
    }

    it('accepts our checkpoints, roots, inclusion and consistency proofs and tlog-proof files', () => {
      const request = fullRequest();
      const report = runChecker(request);
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.checked).toEqual({
        checkpoints: sizes.length,
        entries: entries.length,
        inclusion: request.inclusion.length,
        consistency: request.consistency.length,
        tlogProofs: request.tlogProofs.length,
      });
    });

    it('rejects what we tamper with, so the agreement above is not vacuous', () => {
      const request = fullRequest();
      const inclusionAt = request.inclusion.findIndex((c, i) => i >= 20 && c.proof.length > 0);
      const consistencyAt = request.consistency.findIndex((c, i) => i >= 30 && c.proof.length > 0);
      const firstInclusion = request.inclusion[inclusionAt];
      const firstConsistency = request.consistency[consistencyAt];
      const firstTlog = request.tlogProofs[3];
      if (!firstInclusion || !firstConsistency || !firstTlog) throw new Error('fixture too small');
      const flip = (b64: string): string => {
        const bytes = Buffer.from(b64, 'base64');
        bytes[0] = (bytes[0] as number) ^ 1;
        return bytes.toString('base64');
      };
      firstInclusion.proof[0] = flip(firstInclusion.proof[0] as string);
      firstConsistency.proof[0] = flip(firstConsistency.proof[0] as string);
      firstTlog.entry = toBase64(entries[4] as Uint8Array);
      request.checkpoints[0] = (request.checkpoints[0] as string).replace('\n1\n', '\n2\n');
      request.entries[150] = toBase64(Buffer.from('{"forged":true}'));
      const report = runChecker(request);
      expect(report.ok).toBe(false);
      expect(report.errors.some((e) => e.startsWith('checkpoint 0:'))).toBe(true);
      expect(report.errors.some((e) => e.startsWith(`inclusion ${inclusionAt} `))).toBe(true);
      expect(report.errors.some((e) => e.startsWith(`consistency ${consistencyAt} `))).toBe(true);
      expect(report.errors.some((e) => e.startsWith('tlog-proof 3:'))).toBe(true);
      // The forged entry breaks every checkpoint that covers it: 255, 256, 257 and 300.
      expect(
        report.errors.filter((e) => e.endsWith('root does not match the entries')),
      ).toHaveLength(4);
    });
  },
);
