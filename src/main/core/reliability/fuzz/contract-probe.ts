import { join, isAbsolute } from 'node:path';
import Database from 'better-sqlite3';
import { type ChannelName, contract, isChannelName } from '../../../../shared/contract/channels';
import { errorCodes, type ErrorCode, type Result } from '../../../../shared/errors';
import { dispatch, jsonByteLength, type Handlers } from '../../rpc/dispatch';
import { createHandlers } from '../../rpc/handlers';
import { issueIdentityCard } from '../../sync/identity-card';
import { createDemoFile, testKeyProtection } from '../../testing/demo-workspace';
import type { Workspace } from '../../workspace/workspace';
import { WorkspaceSession } from '../../workspace/workspace-session';
import { jsonText } from './hostile-values';
import type { ValuePools } from './schema-arbitrary';

/** The last entry of the ledger as stored: what a rejected call must leave alone. */
export interface LedgerHead {
  size: number;
  leaf: string;
}

export function ledgerHead(ws: Workspace): LedgerHead {
  const row = ws.sqlite
    .prepare(
      'SELECT seq, hex(leaf_hash) AS leaf FROM ledger_entry WHERE seq = (SELECT max(seq) FROM ledger_entry)',
    )
    .get() as { seq: number; leaf: string } | undefined;
  return { size: row ? row.seq + 1 : 0, leaf: row?.leaf ?? '' };
}

const knownCodes: ReadonlySet<string> = new Set<string>(errorCodes);
/** What an input the contract's schema refuses must come back as, before any handler runs. */
const boundaryCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
]);

const prototypes: readonly [string, object][] = [
  ['Object', Object.prototype],
  ['Array', Array.prototype],
  ['Function', Function.prototype],
  ['String', String.prototype],
  ['Number', Number.prototype],
  ['Boolean', Boolean.prototype],
];

function prototypeKeys(): string {
  return prototypes
    .map(([name, proto]) => `${name}:${Reflect.ownKeys(proto).map(String).sort().join(',')}`)
    .join('\n');
}

/** Whether a built-in prototype gained (or lost) a property, or `{}` inherits a stray one. */
export class PrototypeWatch {
  private readonly before = prototypeKeys();

  pollution(): string | null {
    const probe = {} as Record<string, unknown>;
    for (const key of ['polluted', 'admin', 'isAdmin', 'a', 'k0']) {
      if (probe[key] !== undefined) return `({}).${key} is inherited from a polluted prototype`;
    }
    if (Object.getPrototypeOf(probe) !== Object.prototype) return '{} lost Object.prototype';
    const after = prototypeKeys();
    return after === this.before ? null : 'a built-in prototype changed its own keys';
  }
}

const sizes = new WeakMap<object, number>();
let bigString: { value: string; size: number } | undefined;

/** The dispatcher's own size measure, remembered for the large shared values of the suite. */
function requestSize(input: unknown): number {
  if (typeof input === 'object' && input !== null) {
    const known = sizes.get(input);
    if (known !== undefined) return known;
    const size = jsonByteLength(input);
    sizes.set(input, size);
    return size;
  }
  if (typeof input === 'string' && input.length > 1024 * 1024) {
    if (bigString?.value !== input) bigString = { value: input, size: jsonByteLength(input) };
    return bigString.size;
  }
  return jsonByteLength(input);
}

/** Whether the request is one the contract accepts: within its size cap and its schema. */
export function acceptsInput(channel: ChannelName, input: unknown): boolean {
  const spec = contract[channel];
  // The schema first: most hostile inputs fail it, and measuring a 10 MB request is not free.
  if (!spec.input.safeParse(input).success) return false;
  try {
    return requestSize(input) <= spec.maxInputBytes;
  } catch {
    return false;
  }
}

/**
 * Points every absolute path or URL in an accepted input at the scratch directory or a closed
 * loopback port: the fuzz runs as whoever runs the tests (root, on CI machines), and a valid
 * `ledger.export` to a random folder would otherwise write there.
 */
export function confine(value: unknown, scratchDir: string, counter: { n: number }): unknown {
  if (typeof value === 'string') {
    if (isAbsolute(value) || /^[a-zA-Z]:[\\/]/.test(value) || value.startsWith('\\')) {
      counter.n += 1;
      return join(scratchDir, `confined-${counter.n}`);
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'http://127.0.0.1:9/dav/';
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => confine(item, scratchDir, counter));
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    // Rebuilt through JSON text, so own `__proto__` keys stay own keys; an undefined field is
    // left out, as JSON (and so IPC and HTTP) would leave it out.
    const entries = Object.keys(value).flatMap((key) => {
      const text = jsonText(confine((value as Record<string, unknown>)[key], scratchDir, counter));
      return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
    });
    return JSON.parse(`{${entries.join(',')}}`) as unknown;
  }
  return value;
}

/**
 * The real dispatcher over a real workspace (the demo: a charter history, hundreds of datasets,
 * grants, reviews, incidents, a signing key), with what the checks need to watch.
 */
export class ContractProbe {
  readonly session: WorkspaceSession;
  readonly handlers: Handlers;
  private readonly watcher: Database.Database;
  readonly pools: ValuePools;
  readonly prototypes = new PrototypeWatch();
  private readonly confined = { n: 0 };
  private readonly stats = { calls: 0, accepted: 0, ok: 0, refusals: new Map<string, number>() };

  constructor(readonly dir: string) {
    const path = createDemoFile(dir);
    this.session = new WorkspaceSession(path, { keyProtection: testKeyProtection });
    this.handlers = createHandlers(this.session, {
      name: 'Concordat',
      version: '0.0.0-fuzz',
      mode: 'browser',
    });
    // A second connection sees PRAGMA data_version move whenever the session commits; it
    // never writes itself.
    this.watcher = new Database(path, { fileMustExist: true });
    this.watcher.pragma('query_only = ON');
    this.pools = collectPools(this.session.require());
  }

  get ws(): Workspace {
    return this.session.require();
  }

  head(): LedgerHead {
    return ledgerHead(this.ws);
  }

  dataVersion(): number {
    return this.watcher.pragma('data_version', { simple: true }) as number;
  }

  call(channel: unknown, input: unknown): Promise<Result<unknown>> {
    return dispatch(this.handlers, channel, input);
  }

  /** Puts the demo's first lead back at the keyboard (a fuzzed `members.actAs` may not have). */
  resetActor(): void {
    try {
      this.ws.actAsNamed('Ada Okafor');
    } catch {
      // A fuzzed `members.update` may have deactivated her; the next lead will do.
      const lead = this.ws.members().find((m) => m.active && m.roles.includes('lead'));
      if (lead) this.ws.actAs(lead.id);
    }
  }

  /**
   * Sends one input and checks every promise the boundary makes; returns what broke, or null.
   * `input` is sent as given unless the contract would accept it, in which case its paths and
   * URLs are confined first.
   */
  async probe(channel: unknown, input: unknown): Promise<string | null> {
    return (await this.run(channel, input)).problem;
  }

  /** `probe`, with the result the call returned (null when dispatch itself threw). */
  async run(
    channel: unknown,
    input: unknown,
  ): Promise<{ problem: string | null; result: Result<unknown> | null }> {
    const known = isChannelName(channel);
    const valid = known && acceptsInput(channel, input);
    const sent = valid ? confine(input, this.dir, this.confined) : input;
    const head = this.head();
    const version = this.dataVersion();
    let result: Result<unknown>;
    try {
      result = await this.call(channel, sent);
    } catch (error) {
      return { problem: `dispatch threw instead of answering: ${String(error)}`, result: null };
    }
    this.stats.calls += 1;
    if (valid) this.stats.accepted += 1;
    if (result.ok) this.stats.ok += 1;
    else
      this.stats.refusals.set(
        result.error.code,
        (this.stats.refusals.get(result.error.code) ?? 0) + 1,
      );
    const problem = this.judge({ channel, known, valid, result, head, version });
    return { problem, result };
  }

  private judge(call: {
    channel: unknown;
    known: boolean;
    valid: boolean;
    result: Result<unknown>;
    head: LedgerHead;
    version: number;
  }): string | null {
    const { known, valid, result, head, version } = call;
    const pollution = this.prototypes.pollution();
    if (pollution) return `prototype pollution: ${pollution}`;
    const headAfter = this.head();
    const headMoved = headAfter.size !== head.size || headAfter.leaf !== head.leaf;
    if (result.ok) {
      if (!known) return 'an unknown channel answered ok';
      if (!valid) return 'accepted an input the contract refuses';
      const mutates = isChannelName(call.channel) && contract[call.channel].mutates;
      if (headMoved && !mutates)
        return `a read-only channel moved the ledger head (${head.size} → ${headAfter.size})`;
      return null;
    }
    const { code } = result.error;
    if (!knownCodes.has(code)) return `rejected with an unknown code ${JSON.stringify(code)}`;
    if (code === 'INTERNAL')
      return `rejected as INTERNAL (an untyped failure): ${result.error.message}`;
    if (!known && code !== 'UNKNOWN_CHANNEL') return `unknown channel answered ${code}`;
    if (known && !valid && !boundaryCodes.has(code))
      return `an input the contract refuses reached past the boundary and failed with ${code}`;
    if (headMoved)
      return `rejected with ${code} but the ledger head moved (${head.size} → ${headAfter.size})`;
    if (this.dataVersion() !== version)
      return `rejected with ${code} but the workspace committed a write`;
    return null;
  }

  /** What the calls came to, for the figures' notes. */
  summary(): string {
    const refusals = [...this.stats.refusals]
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    return `${this.stats.calls} calls, ${this.stats.accepted} inputs the contract accepts, ${this.stats.ok} answered ok; refusals: ${refusals}`;
  }

  close(): void {
    this.watcher.close();
    this.session.close();
  }
}

/** Real ids, names and numbers from the workspace, for inputs that reach real records. */
function collectPools(ws: Workspace): ValuePools {
  const strings = new Set<string>();
  const numbers = new Set<number>([0, 1, 2, 3, 4]);
  const queries = [
    'SELECT id FROM dataset LIMIT 8',
    'SELECT identifier FROM dataset LIMIT 4',
    'SELECT DISTINCT category FROM dataset LIMIT 4',
    'SELECT id FROM access_grant LIMIT 12',
    'SELECT DISTINCT level FROM access_grant',
    'SELECT DISTINCT purpose FROM access_grant',
    'SELECT id FROM principal LIMIT 8',
    'SELECT DISTINCT tier FROM principal WHERE tier IS NOT NULL',
    'SELECT id FROM review_campaign',
    'SELECT grant_id FROM review_item LIMIT 8',
    'SELECT id FROM incident',
    'SELECT id FROM member',
    'SELECT name FROM member',
    'SELECT id FROM charter_version',
  ];
  for (const sql of queries) {
    try {
      for (const value of ws.sqlite.prepare(sql).pluck().all()) {
        if (typeof value === 'string') strings.add(value);
      }
    } catch {
      // A table renamed by a later migration: the pools are a help, not a requirement.
    }
  }
  strings.add(ws.node.nodeId);
  const card = issueIdentityCard(ws);
  strings.add(card.text);
  strings.add(card.fingerprint);
  for (const value of ws.sqlite
    .prepare('SELECT seq FROM ledger_entry ORDER BY seq DESC LIMIT 3')
    .pluck()
    .all()) {
    if (typeof value === 'number') numbers.add(value);
  }
  return { strings: [...strings], numbers: [...numbers] };
}
