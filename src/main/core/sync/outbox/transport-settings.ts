import { X509Certificate } from 'node:crypto';
import { isAbsolute } from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { nodeIdSchema } from '../../../../shared/domain/sync';
import { AppError } from '../../../../shared/errors';
import { parseOrRefuse } from '../../errors/parse-or-refuse';
import { createFolderTransport } from '../transports/folder-transport';
import type { SnapshotTransport } from '../transports/transport';
import { createWebdavTransport, type WebdavAuth } from '../transports/webdav-transport';
import { instant } from './instant';

const folderConfigSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .max(1024)
      .refine(isAbsolute, 'Give the full path of the shared folder, such as /Users/ada/Dropbox/x'),
  })
  .strict();

const webdavConfigSchema = z
  .object({
    baseUrl: z.string().min(1).max(2048),
    authKind: z.enum(['none', 'basic', 'bearer']),
    username: z.string().min(1).max(200).optional(),
    ca: z
      .string()
      .max(64 * 1024)
      .refine(isCertificate, 'Paste the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)')
      .optional(),
    timeoutMs: z.number().int().min(1000).max(600_000).optional(),
  })
  .strict();

const settingsInputSchema = z.discriminatedUnion('kind', [
  folderConfigSchema.extend({ peerId: nodeIdSchema, kind: z.literal('folder') }).strict(),
  webdavConfigSchema
    .extend({
      peerId: nodeIdSchema,
      kind: z.literal('webdav'),
      /** The password or token; omitted keeps the one stored, as a settings form re-saved would. */
      secret: z.string().min(1).max(4096).optional(),
    })
    .strict(),
]);

export type PeerTransportInput = z.input<typeof settingsInputSchema>;
export type FolderConfig = z.infer<typeof folderConfigSchema>;
export type WebdavConfig = z.infer<typeof webdavConfigSchema>;

/** What callers may see of a peer's transport: the settings, and whether a secret is stored. */
export type PeerTransportSettings = { peerId: string; hasSecret: boolean; updatedAt: string } & (
  { kind: 'folder'; config: FolderConfig } | { kind: 'webdav'; config: WebdavConfig }
);

interface StoredRow {
  peer_id: string;
  kind: 'folder' | 'webdav';
  config: string;
  secret: string | null;
  updated_at: string;
}

export function setPeerTransport(
  sqlite: Database.Database,
  input: PeerTransportInput,
  now: string,
): PeerTransportSettings {
  const parsed = parseOrRefuse(settingsInputSchema, input, 'Transport settings');
  const { peerId, kind } = parsed;
  const peer = sqlite.prepare('SELECT status FROM peer WHERE node_id = ?').get(peerId) as
    { status: string } | undefined;
  if (!peer) {
    throw new AppError('PEER_UNKNOWN', `Node ${peerId} is not a peer; add it from its card first.`);
  }
  if (peer.status === 'revoked') {
    throw new AppError('PEER_REVOKED', 'This peer was revoked; nothing is sent to it any more.');
  }
  let config: FolderConfig | WebdavConfig;
  let secret: string | null = null;
  if (parsed.kind === 'folder') {
    config = { path: parsed.path };
  } else {
    const { peerId: _peer, kind: _kind, secret: given, ...webdav } = parsed;
    config = webdav;
    const stored = readRow(sqlite, peerId);
    const keep = stored?.kind === 'webdav' && storedAuthKind(stored) === webdav.authKind;
    secret = webdav.authKind === 'none' ? null : (given ?? (keep ? stored.secret : null));
    // Building the transport runs every check it makes (URL shape, header-safe credentials).
    buildWebdav(webdav, secret);
  }
  sqlite
    .prepare(
      `INSERT INTO peer_transport (peer_id, kind, config, secret, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (peer_id) DO UPDATE SET kind = excluded.kind, config = excluded.config,
         secret = excluded.secret, updated_at = excluded.updated_at`,
    )
    .run(peerId, kind, JSON.stringify(config), secret, instant(now));
  const saved = getPeerTransport(sqlite, peerId);
  if (!saved) throw new AppError('INTERNAL', 'The transport settings were not saved.');
  return saved;
}

export function getPeerTransport(
  sqlite: Database.Database,
  peerId: string,
): PeerTransportSettings | null {
  const row = readRow(sqlite, peerId);
  if (!row) return null;
  const common = { peerId, hasSecret: row.secret !== null, updatedAt: row.updated_at };
  return row.kind === 'folder'
    ? { ...common, kind: 'folder', config: storedConfig(row, folderConfigSchema) }
    : { ...common, kind: 'webdav', config: storedConfig(row, webdavConfigSchema) };
}

/** The transport to a peer, or null when none is set. The one place a stored secret is read. */
export function transportFor(sqlite: Database.Database, peerId: string): SnapshotTransport | null {
  const row = readRow(sqlite, peerId);
  if (!row) return null;
  if (row.kind === 'folder')
    return createFolderTransport(storedConfig(row, folderConfigSchema).path);
  return buildWebdav(storedConfig(row, webdavConfigSchema), row.secret);
}

function buildWebdav(config: WebdavConfig, secret: string | null): SnapshotTransport {
  return createWebdavTransport({
    baseUrl: config.baseUrl,
    auth: webdavAuth(config, secret),
    ...(config.ca ? { ca: config.ca } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  });
}

function webdavAuth(config: WebdavConfig, secret: string | null): WebdavAuth {
  switch (config.authKind) {
    case 'none':
      if (config.username) refuse('A WebDAV server without authentication takes no username.');
      return { kind: 'none' };
    case 'basic':
      if (!config.username) refuse('Basic authentication needs a username.');
      if (!secret) refuse('Basic authentication needs a password.');
      return { kind: 'basic', username: config.username, password: secret };
    case 'bearer':
      if (config.username) refuse('Token authentication takes no username; give the token only.');
      if (!secret) refuse('Token authentication needs a token.');
      return { kind: 'bearer', token: secret };
  }
}

function refuse(message: string): never {
  throw new AppError('INVALID_INPUT', message);
}

function readRow(sqlite: Database.Database, peerId: string): StoredRow | undefined {
  return sqlite
    .prepare(
      'SELECT peer_id, kind, config, secret, updated_at FROM peer_transport WHERE peer_id = ?',
    )
    .get(peerId) as StoredRow | undefined;
}

function storedAuthKind(row: StoredRow): unknown {
  return (JSON.parse(row.config) as { authKind?: unknown }).authKind;
}

/** Stored settings are parsed again: the file may have been edited, or written by a newer version. */
function storedConfig<T>(row: StoredRow, schema: z.ZodType<T>): T {
  const result = schema.safeParse(JSON.parse(row.config));
  if (result.success) return result.data;
  throw new AppError(
    'INVALID_INPUT',
    `The stored transport settings for peer ${row.peer_id} are not valid; set them again.`,
  );
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
