import { z } from 'zod';
import {
  datasetDraftSchema,
  datasetListQuerySchema,
  datasetPageSchema,
  datasetSchema,
} from '../domain/dataset';
import { nodeSetupSchema, workspaceStatusSchema } from '../domain/workspace';
import { channel } from './define';

const noInput = z.strictObject({});
const entityId = z.string().min(1).max(64);

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
