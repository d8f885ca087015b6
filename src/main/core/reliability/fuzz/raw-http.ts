import { connect } from 'node:net';

/*
 * HTTP/1.1 over a bare socket, for tests that must send what no well-behaved client sends: no
 * Host header, broken percent-encoding, a body larger than it says, a body that never ends.
 */

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server answered, then the connection ended (reset or closed) before we were done. */
  reset: boolean;
  /** Request body bytes the socket accepted before the answer arrived. */
  sentBeforeAnswer: number;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Sent in this order; no Host header unless given. */
  headers?: [string, string][];
  body?: Buffer | string;
  /** Body bytes to stream (in 64 KiB chunks) until the server answers or they run out. */
  stream?: number;
  timeoutMs?: number;
}

/** The headers an authorised call to a running server starts with (Host, bearer token), then `more`. */
export function authorisedHeaders(
  server: { port: number; token: string },
  ...more: [string, string][]
): [string, string][] {
  return [
    ['Host', `127.0.0.1:${server.port}`],
    ['Authorization', `Bearer ${server.token}`],
    ...more,
  ];
}

function parse(text: string): Omit<RawReply, 'reset' | 'sentBeforeAnswer'> | null {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}

/** Sends one request and resolves with the answer; rejects only when none arrives at all. */
export function rawRequest(port: number, request: RawRequest): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let sent = 0;
    let answeredAt: number | null = null;
    let reset = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const reply = parse(received.toString('latin1'));
      if (!reply) {
        reject(
          new Error(`no HTTP answer to ${request.method ?? 'GET'} ${request.path.slice(0, 80)}`),
        );
        return;
      }
      // Cut the body at its declared length (an event stream never ends).
      const length = Number(reply.headers['content-length'] ?? Number.NaN);
      const body = Buffer.from(reply.body, 'latin1');
      resolve({
        ...reply,
        body: (Number.isFinite(length) ? body.subarray(0, length) : body).toString('utf8'),
        reset,
        sentBeforeAnswer: answeredAt ?? sent,
      });
    };
    const timer = setTimeout(finish, request.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      answeredAt ??= sent;
      received = Buffer.concat([received, chunk]);
      const reply = parse(received.toString('latin1'));
      if (!reply) return;
      const length = Number(reply.headers['content-length'] ?? Number.NaN);
      const complete = Number.isFinite(length) && Buffer.byteLength(reply.body, 'latin1') >= length;
      if (complete || reply.headers['content-type']?.startsWith('text/event-stream')) finish();
    });
    socket.on('error', () => {
      reset = true;
      finish();
    });
    socket.on('close', finish);
    socket.on('connect', () => {
      const head = [
        `${request.method ?? 'GET'} ${request.path} HTTP/1.1`,
        ...(request.headers ?? []).map(([name, value]) => `${name}: ${value}`),
        '',
        '',
      ].join('\r\n');
      socket.write(head, 'latin1');
      if (request.body !== undefined) {
        socket.write(request.body);
        sent += Buffer.byteLength(request.body);
      }
      if (request.stream === undefined) return;
      const chunked = (request.headers ?? []).some(
        ([name, value]) => name.toLowerCase() === 'transfer-encoding' && /chunked/i.test(value),
      );
      const data = Buffer.alloc(64 * 1024, 0x20);
      const chunk = chunked
        ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
        : data;
      const pump = () => {
        while (!done && answeredAt === null && sent < (request.stream ?? 0)) {
          sent += data.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (done || answeredAt !== null) return;
        if (chunked) socket.write('0\r\n\r\n');
        else socket.end();
      };
      pump();
    });
  });
}
