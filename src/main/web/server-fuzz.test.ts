import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, contract, isChannelName } from '../../shared/contract/channels';
import { errorCodes } from '../../shared/errors';
import { configureLogging } from '../core/log/logger';
import { ContractProbe, type LedgerHead } from '../core/reliability/fuzz/contract-probe';
import { fuzzRuns, FuzzTally } from '../core/reliability/fuzz/fuzz-figures';
import {
  hostileValue,
  jsonText,
  nastyStrings,
  pollutedJson,
} from '../core/reliability/fuzz/hostile-values';
import { authorisedHeaders, rawRequest, type RawReply } from '../core/reliability/fuzz/raw-http';
import { MAX_BODY_BYTES, type RunningWebServer, startWebServer } from './server';

/*
 * Item 5 of the reliability issue at browser mode's HTTP boundary: raw requests — any method,
 * path, Host, token, Origin, content type and body — to the real server over a real (demo)
 * workspace. Every request gets a complete answer (never a hang, a reset or a 500), no answer
 * carries a CORS header, every JSON answer is a Result with a stable code, and nothing but an
 * authorised, accepted call to a mutating channel moves the ledger head.
 */

const RUNS = fuzzRuns(250);

const tally = new FuzzTally('http');
const logged: string[] = [];
let dir = '';
let probe: ContractProbe;
let server: RunningWebServer;

const knownCodes: ReadonlySet<string> = new Set<string>(errorCodes);

interface Shape {
  method: string;
  path: string;
  host: 'own' | 'localhost' | 'none' | 'foreign' | 'other-port';
  token: 'right' | 'none' | 'wrong' | 'query';
  origin: 'none' | 'own' | 'foreign' | 'null';
  contentType: string | null;
  body: string | null;
}

function headersOf(shape: Shape, bodyLength: number | null): [string, string][] {
  const port = server.port;
  const headers: [string, string][] = [];
  const host = {
    own: `127.0.0.1:${port}`,
    localhost: `localhost:${port}`,
    none: null,
    foreign: `evil.example:${port}`,
    'other-port': `127.0.0.1:${port + 1}`,
  }[shape.host];
  if (host !== null) headers.push(['Host', host]);
  if (shape.token === 'right') headers.push(['Authorization', `Bearer ${server.token}`]);
  if (shape.token === 'wrong')
    headers.push(['Authorization', `Bearer ${'A'.repeat(server.token.length)}`]);
  const origin = {
    none: null,
    own: `http://127.0.0.1:${port}`,
    foreign: 'https://evil.example',
    null: 'null',
  }[shape.origin];
  if (origin !== null) headers.push(['Origin', origin]);
  if (shape.contentType !== null) headers.push(['Content-Type', shape.contentType]);
  if (bodyLength !== null) headers.push(['Content-Length', String(bodyLength)]);
  headers.push(['Connection', 'close']);
  return headers;
}

const channelPath = fc.oneof(
  fc.constantFrom(...channelNames).map((name) => `/rpc/${name}`),
  fc
    .constantFrom(...channelNames)
    .map((name) => `/rpc/${encodeURIComponent(name).replace('.', '%2e')}`),
  fc.constantFrom(
    '/rpc/',
    '/rpc/__proto__',
    '/rpc/constructor',
    '/rpc/%E0%A4%A',
    '/rpc/%',
    '/rpc/a%00b',
    '/rpc//catalog.list',
    '/rpc/../events',
  ),
  fc.constantFrom(
    '/events',
    '/',
    '/index.html',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '//evil.example/x',
    '/?token=x',
    '*',
  ),
  fc.string({ maxLength: 40 }).map((text) => `/${encodeURIComponent(text)}`),
  fc.string({ maxLength: 40 }).map((text) => `/rpc/${text.replace(/[^!-~]/g, '_')}`),
);

const body = fc.oneof(
  fc.constant(null),
  fc.constant('{}'),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  pollutedJson.map((value) => JSON.stringify(value)),
  hostileValue.map((value) => {
    try {
      return jsonText(value) ?? 'undefined';
    } catch {
      return '{"cyclic":';
    }
  }),
  fc.constantFrom(...nastyStrings),
  fc.constantFrom(
    '{not json',
    '\uFEFF{}',
    '[]'.repeat(5000),
    `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    'null',
    '"\uD800"',
  ),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const anyShape: fc.Arbitrary<Shape> = fc.record({
  method: fc.constantFrom(
    'POST',
    'GET',
    'HEAD',
    'PUT',
    'DELETE',
    'OPTIONS',
    'PATCH',
    'TRACE',
    'FOO',
  ),
  path: channelPath,
  host: fc.constantFrom('own', 'localhost', 'none', 'foreign', 'other-port'),
  token: fc.constantFrom('right', 'none', 'wrong', 'query'),
  origin: fc.constantFrom('none', 'own', 'foreign', 'null'),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
    null,
  ),
  body,
});

/** A well-formed, authorised call with a random channel and body: it reaches the dispatcher. */
const wellFormed: fc.Arbitrary<Shape> = fc.record({
  method: fc.constant('POST'),
  path: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...channelNames).map((name) => `/rpc/${name}`) },
    { weight: 1, arbitrary: channelPath },
  ),
  host: fc.constantFrom('own', 'localhost'),
  token: fc.constant('right'),
  origin: fc.constantFrom('none', 'own'),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  body,
});

const shape = fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 2, arbitrary: anyShape });

/** What an answer must be, whatever was asked. Returns the broken promise, or null. */
function judge(asked: Shape, reply: RawReply, before: LedgerHead, version: number): string | null {
  if (reply.status === 0) return 'no status line';
  if (reply.status >= 500) return `answered ${reply.status}: ${reply.body.slice(0, 200)}`;
  const cors = Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'));
  if (cors.length > 0) return `sent CORS headers: ${cors.join(', ')}`;
  const node400 = reply.status === 400 && reply.headers['content-type'] === undefined;
  if (!node400 && reply.headers['x-content-type-options'] !== 'nosniff')
    return `answered ${reply.status} without the security headers`;
  // A HEAD answer has the headers of the GET answer and no body.
  if (asked.method !== 'HEAD' && reply.headers['content-type']?.startsWith('application/json')) {
    let result: { ok?: unknown; error?: { code?: unknown } };
    try {
      result = JSON.parse(reply.body) as typeof result;
    } catch {
      return `a JSON answer that is not JSON (${reply.status})`;
    }
    if (result.ok === false && !knownCodes.has(String(result.error?.code)))
      return `an unknown code ${String(result.error?.code)}`;
    if (result.ok === false && result.error?.code === 'INTERNAL') return 'an INTERNAL refusal';
  }
  const head = probe.head();
  const moved = head.size !== before.size || head.leaf !== before.leaf;
  const channel = asked.path.startsWith('/rpc/') ? decodeURIComponentSafe(asked.path.slice(5)) : '';
  const authorised =
    asked.token === 'right' && (asked.host === 'own' || asked.host === 'localhost');
  const mutating = isChannelName(channel) && contract[channel].mutates;
  if (reply.status !== 200 && (moved || probe.dataVersion() !== version))
    return `refused with ${reply.status} but the workspace changed`;
  if (moved && !(authorised && mutating))
    return 'the ledger head moved for a call that may not move it';
  if (reply.status === 200 && asked.path.startsWith('/rpc/') && !authorised)
    return 'an unauthorised call answered 200';
  return null;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

beforeAll(async () => {
  configureLogging({ sink: (line) => logged.push(line.slice(0, 2000)) });
  dir = mkdtempSync(join(tmpdir(), 'concordat-fuzz-http-'));
  probe = new ContractProbe(join(dir, 'demo'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Concordat</title>');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  server = await startWebServer({
    handlers: probe.handlers,
    rendererDir,
    subscribe: (listener) => probe.session.subscribe(listener),
  });
}, 60_000);

afterAll(async () => {
  await server.close();
  probe.close();
  rmSync(dir, { recursive: true, force: true });
  configureLogging({ sink: (line) => process.stderr.write(line + '\n') });
  tally.write();
});

describe('browser mode under hostile HTTP requests', () => {
  it('answers every request completely, typed, without CORS, and changes nothing it may not', async () => {
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(shape, async (asked) => {
          tally.count('http');
          probe.resetActor();
          const path =
            asked.token === 'query'
              ? `${asked.path}${asked.path.includes('?') ? '&' : '?'}token=${server.token}`
              : asked.path;
          const bytes = asked.body === null ? null : Buffer.from(asked.body, 'utf8');
          const before = probe.head();
          const version = probe.dataVersion();
          const reply = await rawRequest(server.port, {
            method: asked.method,
            path,
            headers: headersOf(asked, bytes === null ? null : bytes.length),
            ...(bytes === null ? {} : { body: bytes }),
          });
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          expect(judge(asked, reply, before, version)).toBeNull();
        }),
        { numRuns: RUNS },
      );
    } catch (error) {
      tally.fail('http', (error as Error).message);
      throw error;
    } finally {
      tally.note(
        `http statuses: ${[...statuses]
          .sort((a, b) => a[0] - b[0])
          .map(([s, n]) => `${s}×${n}`)
          .join(', ')}`,
      );
    }
  }, 120_000);

  it('refuses oversized bodies with 413 on every channel, declared or streamed', async () => {
    const problems: string[] = [];
    for (const channel of channelNames) {
      const limit = contract[channel].maxInputBytes;
      const common: [string, string][] = authorisedHeaders(server, [
        'Content-Type',
        'application/json',
      ]);
      const before = probe.head();
      tally.count('http');
      const declared = await rawRequest(server.port, {
        method: 'POST',
        path: `/rpc/${channel}`,
        headers: [...common, ['Content-Length', String(limit + 1)]],
        timeoutMs: 3000,
      });
      if (declared.status !== 413)
        problems.push(`${channel}: declared ${limit + 1} bytes → ${declared.status}`);
      // Streaming past a cap costs time per byte; the default cap (most channels) is streamed.
      if (limit <= MAX_BODY_BYTES) {
        tally.count('http');
        const streamed = await rawRequest(server.port, {
          method: 'POST',
          path: `/rpc/${channel}`,
          headers: [...common, ['Transfer-Encoding', 'chunked']],
          stream: limit + 4 * 64 * 1024,
        });
        if (streamed.status !== 413)
          problems.push(`${channel}: streamed past ${limit} → ${streamed.status}`);
      }
      const after = probe.head();
      if (after.size !== before.size) problems.push(`${channel}: the ledger moved`);
    }
    for (const problem of problems) tally.fail('http', problem);
    expect(problems).toEqual([]);
    // Still serving.
    const alive = await rawRequest(server.port, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: authorisedHeaders(
        server,
        ['Content-Type', 'application/json'],
        ['Content-Length', '2'],
        ['Connection', 'close'],
      ),
      body: '{}',
    });
    expect(alive.status).toBe(200);
  }, 120_000);

  it('logged no unexpected failure', () => {
    const unexpected = logged.filter((line) => line.includes('"level":"error"'));
    if (unexpected.length > 0) tally.fail('http', `unexpected failures logged: ${unexpected[0]}`);
    expect(unexpected).toEqual([]);
  });
});
