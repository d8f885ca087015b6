import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { GrantRequest, PrincipalRecord } from '../src/shared/domain/access';
import type { CharterContent } from '../src/shared/domain/charter';
import type { Dataset } from '../src/shared/domain/dataset';
import { isoDurationDays } from '../src/shared/domain/governance-terms';
import { decideGrant } from '../src/shared/domain/policy';
import type { NodeSetup } from '../src/shared/domain/workspace';
import {
  addPrincipal,
  approveGrants,
  requestGrants,
} from '../src/main/core/access/access-commands';
import { createDatasets } from '../src/main/core/catalog/catalog-commands';
import { getGoverningCharter } from '../src/main/core/charter/charter-queries';
import { generatedDemoDatasets } from '../src/main/core/demo/demo-datasets';
import { keyFilePath } from '../src/main/core/keys/node-key-file';
import { addMember } from '../src/main/core/members/member-commands';
import { issueIdentityCard } from '../src/main/core/sync/identity-card';
import { addPeer } from '../src/main/core/sync/peers';
import { buildSnapshot, type BuiltSnapshot } from '../src/main/core/sync/snapshot-build';
import { importSnapshot } from '../src/main/core/sync/snapshot-import';
import { publishOpenCharter } from '../src/main/core/testing/charter-setup';
import { Workspace } from '../src/main/core/workspace/workspace';
import { percentile, round } from './stats';

/**
 * The cached workspaces' recipe: bump it when the workload below changes, so a re-run builds
 * them again instead of measuring stale files.
 */
const SETUP_VERSION = 'sync-1-10k-datasets-50k-grants';
const DATASETS = 10_000;
/** Roles of the one partner organisation; each holds a grant on every dataset. */
const PARTNER_ROLES = ['Analysts', 'Integration service', 'Auditors', 'Planners', 'Researchers'];
const BATCH = 2_000;
/** Builds are cheap to repeat; each import run copies a fresh receiver first. */
const BUILD_RUNS = 5;
const IMPORT_RUNS = 3;

const keyProtection = { kind: 'passphrase', passphrase: 'sync-bench-passphrase' } as const;
const issuerSetup: NodeSetup = {
  organisation: 'Riverton Transit',
  operator: 'Ada Lovelace',
  roles: ['lead', 'steward'],
};
const partnerSetup: NodeSetup = {
  organisation: 'Acme Mobility',
  operator: 'Grace Hopper',
  roles: ['lead', 'steward'],
};

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Read access for the category's first purpose the policy allows, as a steward would ask. */
function readRequest(
  charter: CharterContent,
  principal: PrincipalRecord,
  dataset: Dataset,
  today: string,
): GrantRequest {
  const category = charter.categories.find((candidate) => candidate.id === dataset.category);
  if (category) {
    const days = Math.min(150, isoDurationDays(category.maxGrantDuration) - 1);
    for (const purpose of category.permittedPurposes) {
      const request: GrantRequest = {
        principalId: principal.id,
        datasetId: dataset.id,
        level: 'read',
        purpose,
        start: today,
        until: addDays(today, days),
        justification: `${principal.name} of ${principal.organisation} needs ${dataset.title}.`,
      };
      const decision = decideGrant({ request, principal, dataset, charter, today });
      if (decision.decision === 'allow') return request;
    }
  }
  throw new Error(`the charter allows no read grant on ${dataset.identifier}`);
}

/** `host` pins `peer` from its identity card, as an operator does after comparing fingerprints. */
function pin(host: Workspace, peer: Workspace, tier: string | null): void {
  const card = issueIdentityCard(peer);
  addPeer(host, {
    card: card.text,
    fingerprint: card.fingerprint,
    terms: { relationship: 'partner', tier },
  });
}

/**
 * The issuer: 10,000 datasets and 50,000 grants (five roles of one partner organisation, each
 * with read access to every dataset), all through the write path in batches (policy, dual
 * control, one ledger entry per record). The receiver: that partner's node. Each pins the other.
 */
function buildPair(issuerPath: string, receiverPath: string): void {
  const issuer = Workspace.create(issuerPath, issuerSetup, { keyProtection });
  const receiver = Workspace.create(receiverPath, partnerSetup, { keyProtection });
  try {
    publishOpenCharter(issuer);
    publishOpenCharter(receiver);
    const charter = getGoverningCharter(issuer)?.content;
    if (!charter) throw new Error('the issuer has no published charter');
    const requester = issuer.actor.id;
    // Confidential and restricted data need a second steward to approve (dual control).
    const approver = addMember(issuer, { name: 'Tomás Ribeiro', roles: ['steward'] }).id;

    // Every dataset is granted, so none is deprecated (the policy grants nothing on those).
    const drafts = generatedDemoDatasets(charter, DATASETS).map((draft) => ({
      ...draft,
      status: 'active' as const,
    }));
    const datasets: Dataset[] = [];
    for (let at = 0; at < drafts.length; at += BATCH) {
      datasets.push(...createDatasets(issuer, drafts.slice(at, at + BATCH)));
    }
    const principals = PARTNER_ROLES.map((name) =>
      addPrincipal(issuer, {
        kind: 'partner-role',
        name,
        organisation: partnerSetup.organisation,
        tier: 'strategic',
        legalBases: ['contract'],
      }),
    );
    const today = new Date().toISOString().slice(0, 10);
    const requests = principals.flatMap((principal) =>
      datasets.map((dataset) => readRequest(charter, principal, dataset, today)),
    );
    const ids: string[] = [];
    for (let at = 0; at < requests.length; at += BATCH) {
      ids.push(...requestGrants(issuer, requests.slice(at, at + BATCH)));
    }
    issuer.actAs(approver);
    for (let at = 0; at < ids.length; at += BATCH) approveGrants(issuer, ids.slice(at, at + BATCH));
    issuer.actAs(requester);

    pin(issuer, receiver, 'strategic');
    pin(receiver, issuer, null);
  } finally {
    issuer.close();
    receiver.close();
  }
}

/** A workspace file and its key file, copied while closed. */
function copyWorkspace(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
  copyFileSync(keyFilePath(from), keyFilePath(to));
}

/**
 * The pair, built once per SETUP_VERSION under the cache directory (CONCORDAT_BENCH_CACHE, or
 * the system's temp directory) and reused by later runs; building takes about a minute.
 */
function cachedPair(): { issuer: string; receiver: string; buildSeconds: number } {
  const cache = join(
    process.env.CONCORDAT_BENCH_CACHE ?? join(tmpdir(), 'concordat-bench-cache'),
    SETUP_VERSION,
  );
  const issuer = join(cache, 'issuer.concordat');
  const receiver = join(cache, 'receiver.concordat');
  if (existsSync(issuer) && existsSync(receiver)) {
    return { issuer, receiver, buildSeconds: Number.NaN };
  }
  const building = `${cache}.building-${String(process.pid)}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  buildPair(join(building, 'issuer.concordat'), join(building, 'receiver.concordat'));
  const buildSeconds = (performance.now() - started) / 1000;
  rmSync(cache, { recursive: true, force: true });
  renameSync(building, cache);
  return { issuer, receiver, buildSeconds };
}

/** Wall-clock time, and this process's CPU time: on a shared machine the two drift apart. */
interface Sample {
  wallMs: number;
  cpuMs: number;
}

function measure(fn: () => void): Sample {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function medianSeconds(samples: Sample[]): number {
  const walls = samples.map((sample) => sample.wallMs);
  return round(percentile(walls, 50) / 1000, 3);
}

function shown(samples: Sample[]): string {
  return samples
    .map(
      (sample) => `${(sample.wallMs / 1000).toFixed(2)} (cpu ${(sample.cpuMs / 1000).toFixed(2)})`,
    )
    .join(', ');
}

/**
 * Signed snapshots for a partner that sees 10,000 datasets and 50,000 grants (ARCHITECTURE.md
 * §4): building one (select, serialise, digest, sign, compress, record; target ≤ 1 s), the
 * receiver's first import of it (every check, 60,000 records added; target ≤ 2 s), the next
 * snapshot with nothing changed (every check, an empty diff), and the bundle's size. The
 * issuer is a fresh copy of the cached one, so its snapshots to the partner are numbered from 1,
 * and each import run starts from a fresh copy of the receiver, so every first import is one.
 */
export function syncBench(dir: string): Promise<Record<string, number>> {
  const pair = cachedPair();
  const issuerPath = join(dir, 'issuer.concordat');
  copyWorkspace(pair.issuer, issuerPath);

  // Snapshot 1 goes to the first import; 2 follows it with nothing changed.
  const built: BuiltSnapshot[] = [];
  const buildTimes: Sample[] = [];
  const issuer = Workspace.open(issuerPath, { keyProtection });
  let receiverId: string;
  try {
    const peer = issuer.sqlite
      .prepare("SELECT node_id FROM peer WHERE relationship = 'partner'")
      .pluck()
      .get() as string | undefined;
    if (peer === undefined) throw new Error('the cached issuer has no partner peer');
    receiverId = peer;
    for (let run = 0; run < BUILD_RUNS; run += 1) {
      buildTimes.push(
        measure(() => {
          built.push(buildSnapshot(issuer, peer));
        }),
      );
    }
  } finally {
    issuer.close();
  }
  const [first, second] = built;
  if (!first || !second) throw new Error('no snapshots were built');

  const importTimes: Sample[] = [];
  const reimportTimes: Sample[] = [];
  let sameBundle: Sample | undefined;
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    const path = join(dir, `receiver-${String(run)}.concordat`);
    copyWorkspace(pair.receiver, path);
    const receiver = Workspace.open(path, { keyProtection });
    try {
      if (receiver.node.nodeId !== receiverId) throw new Error('the cached pair does not match');
      let added = 0;
      importTimes.push(
        measure(() => {
          added = importSnapshot(receiver, first.bundle).diff?.counts.added ?? 0;
        }),
      );
      if (added !== first.records) {
        throw new Error(`the first import added ${String(added)} of ${String(first.records)}`);
      }
      let counts = { added: -1, changed: -1, removed: -1 };
      reimportTimes.push(
        measure(() => {
          counts = importSnapshot(receiver, second.bundle).diff?.counts ?? counts;
        }),
      );
      if (counts.added + counts.changed + counts.removed !== 0) {
        throw new Error(`the unchanged snapshot changed replicas: ${JSON.stringify(counts)}`);
      }
      // The same bundle again stops at its digest; shown, not recorded.
      if (run === 0) sameBundle = measure(() => importSnapshot(receiver, second.bundle));
    } finally {
      receiver.close();
    }
    rmSync(path, { force: true });
    rmSync(keyFilePath(path), { force: true });
  }

  const figures: Record<string, number> = {
    'sync.snapshot_records': first.records,
    'sync.snapshot_build_sign_seconds': medianSeconds(buildTimes),
    'sync.snapshot_verify_import_seconds': medianSeconds(importTimes),
    'sync.snapshot_reimport_unchanged_seconds': medianSeconds(reimportTimes),
    'sync.bundle_bytes': first.bundle.byteLength,
    'sync.bundle_expanded_bytes': gunzipSync(first.bundle).byteLength,
  };
  console.log(
    [
      `  seconds per run, wall (cpu); load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${String(availableParallelism())} cores`,
      `  build + sign (target ≤ 1 s): ${shown(buildTimes)}`,
      `  first import, verify + apply (target ≤ 2 s): ${shown(importTimes)}`,
      `  next snapshot, nothing changed (target ≤ 2 s): ${shown(reimportTimes)}`,
      `  the same bundle again, stopped at its digest: ${sameBundle ? shown([sameBundle]) : '-'}`,
      Number.isNaN(pair.buildSeconds)
        ? `  workspaces from the cache: ${pair.issuer}`
        : `  workspaces built in ${pair.buildSeconds.toFixed(1)} s, cached at ${pair.issuer}`,
    ].join('\n'),
  );
  if (!Number.isNaN(pair.buildSeconds))
    figures['sync.build_workspaces_seconds'] = round(pair.buildSeconds, 1);
  return Promise.resolve(figures);
}
