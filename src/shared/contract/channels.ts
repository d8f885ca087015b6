import { z } from 'zod';
import {
  datasetDraftSchema,
  datasetListQuerySchema,
  datasetPageSchema,
  datasetSchema,
} from '../domain/dataset';
import {
  checkpointInfoSchema,
  ledgerEntryDetailSchema,
  ledgerExportResultSchema,
  ledgerListQuerySchema,
  ledgerOverviewSchema,
  ledgerPageSchema,
  verificationOutcomeSchema,
} from '../domain/ledger';
import { nodeSetupSchema, workspaceStatusSchema } from '../domain/workspace';
import { channel } from './define';

const noInput = z.strictObject({});
const entityId = z.string().min(1).max(64);
/** Chosen by the renderer so it can follow progress and cancel before the answer arrives. */
export const taskIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Invalid task id');
/** A folder on this machine, named by the user. */
const folderPath = z
  .string()
  .min(1, 'Name a folder')
  .max(4096, 'The folder path is too long')
  .refine((path) => !path.includes('\0'), 'The folder path contains a NUL character');

export const appInfoSchema = z.strictObject({
  name: z.literal('Concordat'),
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * The one contract between the renderer and main. Every channel is a strict zod input schema
 * and an output schema; main parses both, the renderer's client is typed from them.
 */
export const contract = {
  'app.info': channel({ input: noInput, output: appInfoSchema }),
  'workspace.status': channel({ input: noInput, output: workspaceStatusSchema }),
  'workspace.create': channel({
    input: nodeSetupSchema,
    output: workspaceStatusSchema,
    mutates: true,
  }),
  'catalog.list': channel({ input: datasetListQuerySchema, output: datasetPageSchema }),
  'catalog.get': channel({ input: z.strictObject({ id: entityId }), output: datasetSchema }),
  'catalog.create': channel({
    input: z.strictObject({ draft: datasetDraftSchema }),
    output: datasetSchema,
    mutates: true,
  }),
  'catalog.update': channel({
    input: z.strictObject({
      id: entityId,
      /** The version the editor started from; a stale edit is refused, not merged. */
      expectedVersion: z.number().int().min(1),
      draft: datasetDraftSchema,
    }),
    output: datasetSchema,
    mutates: true,
  }),
  'ledger.overview': channel({ input: noInput, output: ledgerOverviewSchema }),
  'ledger.list': channel({ input: ledgerListQuerySchema, output: ledgerPageSchema }),
  'ledger.entry': channel({
    input: z.strictObject({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
    output: ledgerEntryDetailSchema,
  }),
  'ledger.checkpoints': channel({ input: noInput, output: z.array(checkpointInfoSchema) }),
  /** Signs a checkpoint for the current size (or returns the one already signed for it). */
  'ledger.checkpoint': channel({ input: noInput, output: checkpointInfoSchema, mutates: true }),
  'ledger.verify': channel({
    input: z.strictObject({ taskId: taskIdSchema, deep: z.boolean() }),
    output: verificationOutcomeSchema,
  }),
  'ledger.export': channel({
    input: z.strictObject({ dir: folderPath }),
    output: ledgerExportResultSchema,
    // Signs a checkpoint for the exported size when none exists yet.
    mutates: true,
  }),
  /** Desktop only: the system's folder picker. Browser mode answers NOT_SUPPORTED. */
  'system.chooseFolder': channel({
    input: z.strictObject({ title: z.string().max(200), defaultPath: z.string().max(4096) }),
    output: z.strictObject({ path: z.string().nullable() }),
  }),
  'task.cancel': channel({
    input: z.strictObject({ taskId: taskIdSchema }),
    output: z.strictObject({ cancelled: z.boolean() }),
  }),
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

export const channelNames = Object.keys(contract) as ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}
