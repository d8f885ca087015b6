import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChannelName,
  channelNames,
  contract,
  isChannelName,
} from '../../../../shared/contract/channels';
import { verifyWorkspace } from '../../ledger-store/verify-workspace';
import { configureLogging } from '../../log/logger';
import { acceptsInput, ContractProbe } from './contract-probe';
import { FUZZ_RUNS_ENV, fuzzRuns, FuzzTally } from './fuzz-figures';
import {
  deepArray,
  deepObject,
  hostileCatalogue,
  hostileValue,
  hugeArray,
  hugeString,
  pollutingObject,
  TEN_MB,
  withPollutingKeys,
} from './hostile-values';
import { shapedArbitrary, templateWith } from './schema-arbitrary';

/*
 * Item 5 of the reliability issue, at the contract: every channel — read from the contract
 * object, so a new one is covered the day it is added — is sent hostile values through the real
 * dispatcher over a real (demo) workspace. Each call must end in a typed result: a refusal with
 * a stable code (never INTERNAL), and for input the contract refuses, the boundary's own code.
 * A refusal leaves the ledger head and the database as they were; a read-only channel never
 * moves the head; no built-in prototype changes; the heap does not grow without bound.
 */

/** Random inputs per channel in CI; CONCORDAT_FUZZ_RUNS raises it for a longer hunt. */
const RUNS_PER_CHANNEL = fuzzRuns(10);
const LONG_RUN = process.env[FUZZ_RUNS_ENV] !== undefined;
/** Whatever the runs, one channel's random phase stops after this long. */
const CHANNEL_TIME_LIMIT_MS = LONG_RUN ? 60_000 : 150;
/**
 * Measuring a 10 MB request costs the dispatcher ~0.15 s, so in CI the heavy values go to the
 * channels whose cap lets them through plus a few others drawn afresh each run (the cap check
 * is one code path); a long run sends them everywhere.
 */
const HEAVY_SAMPLE = LONG_RUN ? Number.POSITIVE_INFINITY : 4;
/** Growth of the heap (after a full GC) the whole run may leave behind. */
const HEAP_GROWTH_CAP = 96 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const tally = new FuzzTally('contract');
const logged: string[] = [];
let probe: ContractProbe;
let dir = '';
let heapAtStart = 0;

/** Channels that change who acts (or may act) go last, so the others are fuzzed by a lead. */
function fuzzOrder(): ChannelName[] {
  const late = (name: string) => name.startsWith('members.');
  return [...channelNames.filter((n) => !late(n)), ...channelNames.filter(late)];
}

function heavyChannels(): Set<ChannelName> {
  const open = channelNames.filter((name) => contract[name].maxInputBytes >= TEN_MB);
  const others = channelNames.filter((name) => !open.includes(name));
  const sample =
    fc
      .sample(fc.shuffledSubarray(others, { minLength: 0, maxLength: others.length }), 1)[0]
      ?.slice(0, HEAVY_SAMPLE) ?? [];
  return new Set([...open, ...(HEAVY_SAMPLE === Number.POSITIVE_INFINITY ? others : sample)]);
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Accepted inputs each channel may get in the fixed phases, which are about refusals: `{}` is a
 * valid request to a dozen channels, and a backup or an export per hostile value adds nothing.
 */
const ACCEPTED_PER_CHANNEL = 2;
const accepted = new Map<string, number>();

/** One case through the probe; returns the problem, labelled, or null. */
async function check(
  channel: unknown,
  input: unknown,
  label: string,
  options: { capAccepted?: boolean } = {},
): Promise<string | null> {
  if (options.capAccepted && typeof channel === 'string' && isChannelName(channel)) {
    if (acceptsInput(channel, input)) {
      const seen = accepted.get(channel) ?? 0;
      if (seen >= ACCEPTED_PER_CHANNEL) return null;
      accepted.set(channel, seen + 1);
    }
  }
  tally.count('contract');
  const problem = await probe.probe(channel, input);
  if (problem === null) return null;
  const described = `${String(channel).slice(0, 80)} ← ${label}: ${problem}`;
  tally.fail('contract', described);
  return described;
}

beforeAll(() => {
  // Unexpected failures log at error level; they are findings, so keep them.
  configureLogging({ sink: (line) => logged.push(line.slice(0, 2000)) });
  // One workspace for the whole file (useTempDir would remove it after the first test).
  dir = mkdtempSync(join(tmpdir(), 'concordat-fuzz-'));
  probe = new ContractProbe(dir);
  heapAtStart = heapUsed();
}, 60_000);

afterAll(() => {
  probe.close();
  rmSync(dir, { recursive: true, force: true });
  configureLogging({ sink: (line) => process.stderr.write(line + '\n') });
  tally.write();
});

describe('every contract channel under hostile input', () => {
  const heavy = heavyChannels();

  it('enumerates the contract itself', () => {
    expect(channelNames).toEqual(Object.keys(contract));
    expect(channelNames.length).toBeGreaterThan(50);
    tally.note(
      `contract: ${channelNames.length} channels; 10 MB values sent to ${[...heavy].join(', ')}`,
    );
  });

  it('refuses each hostile value sent as the whole request, on every channel', async () => {
    const problems: string[] = [];
    for (const channel of fuzzOrder()) {
      probe.resetActor();
      for (const { name, value, heavy: costly } of hostileCatalogue()) {
        if (costly && !heavy.has(channel)) continue;
        const problem = await check(channel, value, name, { capAccepted: true });
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses hostile values in place of each field, and in every string field at once', async () => {
    const problems: string[] = [];
    const record = (problem: string | null) => {
      if (problem) problems.push(problem);
    };
    const deep: [string, unknown][] = [
      ['deep array', deepArray()],
      ['deep object', deepObject()],
    ];
    const shallow: [string, unknown][] = [
      ['polluting object', pollutingObject()],
      ['NaN', Number.NaN],
      ['bigint', 1n],
    ];
    for (const channel of fuzzOrder()) {
      probe.resetActor();
      const spec = contract[channel];
      const send = (input: unknown, label: string) =>
        check(channel, input, label, { capAccepted: true });
      const template = templateWith(spec.input, 'x');
      const fields =
        typeof template === 'object' && template !== null && !Array.isArray(template)
          ? (template as Record<string, unknown>)
          : null;
      const replaced = (key: string, leaf: unknown) => ({ ...fields, [key]: leaf });
      const keys = fields ? Object.keys(fields) : [];
      const first = keys[0];
      for (const [name, leaf] of [...deep, ...shallow]) {
        record(await send(templateWith(spec.input, leaf), `every string = ${name}`));
      }
      // Each field on its own gets the cheap values; the deep ones go to the first field (zod
      // must not walk them, whichever field they sit in).
      for (const key of keys) {
        for (const [name, leaf] of shallow)
          record(await send(replaced(key, leaf), `${key} = ${name}`));
      }
      if (first !== undefined) {
        for (const [name, leaf] of deep)
          record(await send(replaced(first, leaf), `${first} = ${name}`));
      }
      record(await send(withPollutingKeys(template), 'template + polluting keys'));
      if (!heavy.has(channel)) continue;
      // A 10 MB string in every string field reaches the fields that carry files.
      record(await send(templateWith(spec.input, hugeString), 'every string = 10 MB'));
      if (first !== undefined) {
        record(await send(replaced(first, hugeString), `${first} = 10 MB string`));
        record(await send(replaced(first, hugeArray), `${first} = 1,000,000 items`));
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('answers random values shaped like each channel’s schema with a typed result', async () => {
    const problems: string[] = [];
    for (const channel of fuzzOrder()) {
      probe.resetActor();
      const inputs = fc.oneof(
        { weight: 4, arbitrary: shapedArbitrary(contract[channel].input, probe.pools) },
        { weight: 1, arbitrary: hostileValue },
      );
      const outcome = await fc.check(
        fc.asyncProperty(inputs, async (input) => (await check(channel, input, 'random')) === null),
        {
          numRuns: RUNS_PER_CHANNEL,
          interruptAfterTimeLimit: CHANNEL_TIME_LIMIT_MS,
          markInterruptAsFailure: false,
        },
      );
      // An interrupted run (a slow channel, the time limit) is not a failure; a counterexample is.
      if (outcome.failed && outcome.counterexample !== null) {
        problems.push(`${channel}: ${fc.defaultReportMessage(outcome)}`.slice(0, 4000));
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);

  it('refuses unknown channels, prototype names and names that are not strings', async () => {
    const problems: string[] = [];
    const names: unknown[] = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '',
      ' catalog.list',
      'CATALOG.LIST',
      'catalog.list\0',
      hugeString,
      42,
      null,
      undefined,
      {},
      ['catalog.list'],
      Symbol('catalog.list'),
    ];
    for (const name of names) {
      const problem = await check(name, {}, 'channel name');
      if (problem) problems.push(problem);
    }
    await fc.assert(
      fc.asyncProperty(fc.string(), hostileValue, async (name, input) => {
        if (Object.hasOwn(contract, name)) return;
        expect(await check(name, input, 'random channel name')).toBeNull();
      }),
      { numRuns: 100 },
    );
    expect(problems).toEqual([]);
  }, 60_000);

  it('logged no unexpected failure, left the ledger whole and the heap bounded', () => {
    tally.note(`contract: ${probe.summary()}`);
    const unexpected = logged.filter((line) => line.includes('"level":"error"'));
    if (unexpected.length > 0)
      tally.fail('contract', `${unexpected.length} unexpected failures logged: ${unexpected[0]}`);
    expect(unexpected).toEqual([]);

    const report = verifyWorkspace(probe.ws, { deep: true });
    if (!report.ok) tally.fail('contract', `verification failed: ${JSON.stringify(report.fault)}`);
    expect(report.fault).toBeNull();

    const growth = heapUsed() - heapAtStart;
    tally.note(
      `contract: heap grew ${(growth / 2 ** 20).toFixed(1)} MB over the run (cap ${HEAP_GROWTH_CAP / 2 ** 20} MB)`,
    );
    if (growth >= HEAP_GROWTH_CAP) tally.fail('contract', `heap grew by ${growth} bytes`);
    expect(growth).toBeLessThan(HEAP_GROWTH_CAP);
  }, 60_000);
});
