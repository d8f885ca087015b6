import { z } from 'zod';
import { workspaceStatusSchema } from '../domain/workspace';
import { channel } from './define';

/** Why a backup was taken. */
export const backupReasonSchema = z.enum(['scheduled', 'manual', 'pre-migration']);
export type BackupReason = z.infer<typeof backupReasonSchema>;

/** `20250301T093000123Z-scheduled`: when it was taken and why; also its file name's stem. */
export const backupIdSchema = z
  .string()
  .max(64)
  .regex(/^\d{8}T\d{9}Z(-\d+)?-(scheduled|manual|pre-migration)$/, 'Not a backup id');

/** One backup as the app lists it: only a verified backup is offered for restore. */
export const backupSummarySchema = z.strictObject({
  id: backupIdSchema,
  createdAt: z.string(),
  reason: backupReasonSchema,
  /** Size of the backup file. */
  bytes: z.number().int().min(0),
  schemaVersion: z.number().int().min(0),
  /** Ledger entries in the backup (null until it is verified). */
  ledgerSize: z.number().int().min(0).nullable(),
  /** The latest checkpoint this node signed inside the backup. */
  checkpoint: z.strictObject({ size: z.number().int().min(0), root: z.string() }).nullable(),
  /** Integrity check and ledger verification passed on the copy. */
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
  /** Why the last verification failed; null when it passed or has not run yet. */
  problem: z.string().nullable(),
});
export type BackupSummary = z.infer<typeof backupSummarySchema>;

export const backupListSchema = z.strictObject({
  /** The folder beside the workspace that holds them (`<workspace>.backups`). */
  dir: z.string(),
  /** Newest first. */
  backups: z.array(backupSummarySchema),
});
export type BackupList = z.infer<typeof backupListSchema>;

export const restoreResultSchema = z.strictObject({
  restored: backupSummarySchema,
  /** Where the files the backup replaced were moved (never deleted). */
  movedAside: z.array(z.string()),
  status: workspaceStatusSchema,
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

const noInput = z.strictObject({});

/**
 * Backups of the workspace (issue 7, item 3). They work without an open workspace too: the
 * recovery screen lists and restores them when the workspace cannot be opened.
 */
export const backupChannels = {
  'backup.list': channel({ input: noInput, output: backupListSchema }),
  /** Takes a backup now and verifies it; it is kept only when it verifies. */
  'backup.create': channel({ input: noInput, output: backupSummarySchema }),
  /** Checks a backup again: file checksum, integrity check, ledger verification. */
  'backup.verify': channel({
    input: z.strictObject({ id: backupIdSchema }),
    output: backupSummarySchema,
  }),
  /**
   * Replaces the workspace with a verified backup: the current files are moved aside, the
   * restored workspace is opened and verified.
   */
  'backup.restore': channel({
    input: z.strictObject({ id: backupIdSchema }),
    output: restoreResultSchema,
    mutates: true,
  }),
};
