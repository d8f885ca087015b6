import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrantRequestInput } from '../../../../shared/domain/access';
import {
  addPrincipal,
  approveGrant,
  approveGrants,
  requestGrant,
  requestGrants,
} from '../../access/access-commands';
import { revokeGrant } from '../../access/grant-steps';
import { createDataset } from '../../catalog/catalog-commands';
import { commitImport } from '../../catalog/transfer/catalog-import';
import { formatCsvRecord } from '../../catalog/transfer/csv';
import { datasetColumns, encodeDatasetCells } from '../../catalog/transfer/dataset-columns';
import { toHex } from '../../ledger/bytes';
import { rotateNodeKey } from '../../sync/key-rotation';
import { buildSnapshot } from '../../sync/snapshot-build';
import { importSnapshot } from '../../sync/snapshot-import';
import { sampleDraft } from '../../testing/charter-setup';
import type { Workspace } from '../../workspace/workspace';
import {
  type AckLine,
  type CommandLine,
  type CrashCommandKind,
  crashKeyProtection,
  type FixtureManifest,
  fixtureFiles,
} from './crash-protocol';
import type { Random } from './random';

/** How often each command is chosen; the harness may also ask for one kind first (focus). */
export const commandWeights: Readonly<Record<CrashCommandKind, number>> = {
  'create-dataset': 10,
  'add-principal': 4,
  'request-grant': 12,
  'approve-grant': 10,
  'revoke-grant': 6,
  'catalog-import': 7,
  'request-grants': 6,
  'approve-grants': 5,
  'snapshot-import': 6,
  'issue-snapshot': 2,
  checkpoint: 7,
  'key-rotation': 2,
  idle: 4,
};

/** A command the child is about to run: what it announces, and the work itself. */
export interface PlannedCommand extends CommandLine {
  run(): void | Promise<void>;
}

const DAY_MS = 86_400_000;
/** The justification of single requests; batches carry their tag instead. */
const SINGLE = 'Single request';

/** Grants the template charter allows: read access for a standard-tier partner, for 90 days. */
function grantRequest(principalId: string, datasetId: string, justification: string) {
  const start = new Date().toISOString().slice(0, 10);
  const until = new Date(Date.parse(start) + 90 * DAY_MS).toISOString().slice(0, 10);
  return {
    principalId,
    datasetId,
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    start,
    until,
    justification,
  } satisfies GrantRequestInput;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * The commands of one child: each chooses its target from the workspace as it is (state
 * accumulates over trials), and says what it made so the harness can look for it after a kill.
 */
export class CrashWorkload {
  private serial = 0;
  private readonly tagBase: string;

  constructor(
    private readonly ws: Workspace,
    private readonly random: Random,
    private readonly fixtureDir: string,
    private readonly fixture: FixtureManifest,
  ) {
    this.tagBase = random.seed.toString(36);
  }

  /** The acknowledgement of a committed command: the ledger's size and head right now. */
  ack(command: CommandLine): AckLine {
    const size = this.ws.ledger.size;
    const head = this.ws.sqlite
      .prepare('SELECT leaf_hash FROM ledger_entry WHERE seq = ?')
      .pluck()
      .get(size - 1) as Buffer;
    return { ...command, size, head: toHex(head).slice(0, 16) };
  }

  /** A tag no other command of any trial uses (the seed is the trial's). */
  private tag(prefix: string): string {
    this.serial += 1;
    return `${prefix}${this.tagBase}n${this.serial}`;
  }

  /** The command of this kind, or undefined when the workspace offers it nothing to do. */
  plan(kind: CrashCommandKind): PlannedCommand | undefined {
    switch (kind) {
      case 'create-dataset':
        return this.createDataset();
      case 'add-principal':
        return this.addPrincipal();
      case 'request-grant':
        return this.requestGrant();
      case 'approve-grant':
        return this.approveGrant();
      case 'revoke-grant':
        return this.revokeGrant();
      case 'catalog-import':
        return this.catalogImport();
      case 'request-grants':
        return this.requestGrants();
      case 'approve-grants':
        return this.approveGrants();
      case 'snapshot-import':
        return this.snapshotImport();
      case 'issue-snapshot':
        return this.issueSnapshot();
      case 'checkpoint':
        return this.checkpoint();
      case 'key-rotation':
        return this.keyRotation();
      case 'idle':
        return this.idle();
    }
  }

  /** The next command: `focus` if given and possible, otherwise a weighted random one. */
  next(focus?: CrashCommandKind): PlannedCommand {
    if (focus) {
      const planned = this.plan(focus);
      if (planned) return planned;
    }
    for (;;) {
      const planned = this.plan(this.random.weighted(commandWeights));
      if (planned) return planned;
    }
  }

  private own(sql: string, ...params: unknown[]): string | undefined {
    const count = this.ws.sqlite
      .prepare(`SELECT count(*) FROM (${sql})`)
      .pluck()
      .get(this.ws.node.nodeId, ...params) as number;
    if (count === 0) return undefined;
    return this.ws.sqlite
      .prepare(`${sql} LIMIT 1 OFFSET ?`)
      .pluck()
      .get(this.ws.node.nodeId, ...params, this.random.int(0, count - 1)) as string;
  }

  /** Up to `limit` of this node's grantable datasets, from a random place in their order. */
  private ownDatasets(limit: number): string[] {
    const where =
      "owner_node = ? AND status = 'active' AND category = 'operational' AND sensitivity = 'internal'";
    const count = this.ws.sqlite
      .prepare(`SELECT count(*) FROM dataset WHERE ${where}`)
      .pluck()
      .get(this.ws.node.nodeId) as number;
    return this.ws.sqlite
      .prepare(`SELECT id FROM dataset WHERE ${where} ORDER BY identifier LIMIT ? OFFSET ?`)
      .pluck()
      .all(this.ws.node.nodeId, limit, this.random.int(0, Math.max(0, count - limit))) as string[];
  }

  private ownPrincipal(): string | undefined {
    return this.own(
      "SELECT id FROM principal WHERE owner_node = ? AND tier = 'standard' ORDER BY id",
    );
  }

  private createDataset(): PlannedCommand {
    const identifier = this.tag('d');
    // The id is known once the command ran: `begin` names the identifier, the ack the id.
    const made = { subject: identifier };
    return {
      kind: 'create-dataset',
      count: 1,
      get subject() {
        return made.subject;
      },
      run: () => {
        made.subject = createDataset(
          this.ws,
          sampleDraft({ identifier, title: `Crash dataset ${identifier}` }),
        ).id;
      },
    };
  }

  private addPrincipal(): PlannedCommand {
    const name = this.tag('p');
    const made = { subject: name };
    return {
      kind: 'add-principal',
      count: 1,
      get subject() {
        return made.subject;
      },
      run: () => {
        made.subject = addPrincipal(this.ws, {
          kind: 'partner-role',
          name: `Analysts ${name}`,
          organisation: 'Acme',
          tier: 'standard',
          legalBases: [],
        }).id;
      },
    };
  }

  private requestGrant(): PlannedCommand | undefined {
    const principal = this.ownPrincipal();
    const [dataset] = this.ownDatasets(1);
    if (!principal || !dataset) return undefined;
    const made = { subject: 'pending' };
    return {
      kind: 'request-grant',
      count: 1,
      get subject() {
        return made.subject;
      },
      run: () => {
        made.subject = requestGrant(this.ws, grantRequest(principal, dataset, SINGLE)).id;
      },
    };
  }

  private approveGrant(): PlannedCommand | undefined {
    const id = this.own(
      "SELECT id FROM access_grant WHERE owner_node = ? AND status = 'requested' AND justification = ? ORDER BY id",
      SINGLE,
    );
    if (!id) return undefined;
    return {
      kind: 'approve-grant',
      subject: id,
      count: 1,
      run: () => {
        approveGrant(this.ws, { id });
      },
    };
  }

  private revokeGrant(): PlannedCommand | undefined {
    const id = this.own(
      "SELECT id FROM access_grant WHERE owner_node = ? AND status = 'approved' ORDER BY id",
    );
    if (!id) return undefined;
    return {
      kind: 'revoke-grant',
      subject: id,
      count: 1,
      run: () => {
        revokeGrant(this.ws, { id, reason: 'No longer needed' });
      },
    };
  }

  private catalogImport(): PlannedCommand {
    const prefix = this.tag('i');
    const rows = this.random.int(100, 300);
    const lines = [formatCsvRecord(datasetColumns)];
    for (let i = 0; i < rows; i++) {
      const draft = sampleDraft({
        identifier: `${prefix}-${String(i)}`,
        title: `Imported ${prefix} ${String(i)}`,
        description: `Row ${String(i)} of a crash-harness import`,
      });
      lines.push(formatCsvRecord(encodeDatasetCells(draft)));
    }
    const content = lines.join('');
    return {
      kind: 'catalog-import',
      subject: prefix,
      count: rows,
      run: () => {
        commitImport(this.ws, { format: 'csv', fileName: `${prefix}.csv`, content }, []);
      },
    };
  }

  private requestGrants(): PlannedCommand | undefined {
    const principals = this.ws.sqlite
      .prepare(
        "SELECT id FROM principal WHERE owner_node = ? AND tier = 'standard' ORDER BY id LIMIT 20",
      )
      .pluck()
      .all(this.ws.node.nodeId) as string[];
    const datasets = this.ownDatasets(200);
    if (principals.length === 0 || datasets.length === 0) return undefined;
    const justification = this.tag('g');
    const count = this.random.int(100, 300);
    const inputs = Array.from({ length: count }, () =>
      grantRequest(
        this.random.pick(principals) ?? '',
        this.random.pick(datasets) ?? '',
        justification,
      ),
    );
    return {
      kind: 'request-grants',
      subject: justification,
      count,
      run: () => {
        requestGrants(this.ws, inputs);
      },
    };
  }

  private approveGrants(): PlannedCommand | undefined {
    // A whole batch still waiting, so the acknowledgement names it by its justification.
    const batch = this.ws.sqlite
      .prepare(
        `SELECT justification, count(*) AS n FROM access_grant WHERE owner_node = ? AND justification LIKE 'g%'
         GROUP BY justification HAVING sum(status = 'requested') = count(*) ORDER BY justification LIMIT 1`,
      )
      .get(this.ws.node.nodeId) as { justification: string; n: number } | undefined;
    if (!batch) return undefined;
    const ids = this.ws.sqlite
      .prepare('SELECT id FROM access_grant WHERE owner_node = ? AND justification = ?')
      .pluck()
      .all(this.ws.node.nodeId, batch.justification) as string[];
    return {
      kind: 'approve-grants',
      subject: batch.justification,
      count: ids.length,
      run: () => {
        approveGrants(this.ws, ids);
      },
    };
  }

  private snapshotImport(): PlannedCommand | undefined {
    const last = this.ws.sqlite
      .prepare('SELECT coalesce(max(version), 0) FROM snapshot_received WHERE peer_id = ?')
      .pluck()
      .get(this.fixture.peerId) as number;
    const version = last + 1;
    const file = join(this.fixtureDir, fixtureFiles.snapshot(version));
    if (version > this.fixture.snapshots || !existsSync(file)) return undefined;
    const bundle = readFileSync(file);
    return {
      kind: 'snapshot-import',
      subject: String(version),
      count: 1,
      run: () => {
        const result = importSnapshot(this.ws, bundle);
        if (result.status !== 'imported') {
          throw new Error(`snapshot ${String(version)} was ${result.status}`);
        }
      },
    };
  }

  private issueSnapshot(): PlannedCommand {
    const next =
      (this.ws.sqlite
        .prepare('SELECT coalesce(max(version), 0) FROM snapshot_sent WHERE peer_id = ?')
        .pluck()
        .get(this.fixture.peerId) as number) + 1;
    return {
      kind: 'issue-snapshot',
      subject: String(next),
      count: 1,
      run: () => {
        const built = buildSnapshot(this.ws, this.fixture.peerId, { validityDays: 3650 });
        if (built.version !== next) throw new Error(`issued ${String(built.version)}`);
      },
    };
  }

  private checkpoint(): PlannedCommand {
    const made = { subject: String(this.ws.ledger.size) };
    return {
      kind: 'checkpoint',
      count: 1,
      get subject() {
        return made.subject;
      },
      run: () => {
        made.subject = String(this.ws.checkpoint().size);
      },
    };
  }

  private keyRotation(): PlannedCommand {
    const made = { subject: 'pending' };
    return {
      kind: 'key-rotation',
      count: 1,
      get subject() {
        return made.subject;
      },
      run: () => {
        made.subject = rotateNodeKey(this.ws, crashKeyProtection).vkey;
      },
    };
  }

  private idle(): PlannedCommand {
    const ms = this.random.int(50, 400);
    return {
      kind: 'idle',
      subject: String(ms),
      count: 0,
      run: () => sleep(ms),
    };
  }
}
