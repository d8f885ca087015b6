import { z } from 'zod';
import {
  grantDetailSchema,
  grantNarrowingSchema,
  stepReasonSchema,
  grantExplainSchema,
  grantListQuerySchema,
  grantPageSchema,
  grantRecordSchema,
  grantRequestSchema,
  policyDecisionSchema,
  principalFieldsSchema,
  principalRecordSchema,
} from '../domain/access';
import { accessMatrixQuerySchema, accessMatrixSchema } from '../domain/access-matrix';
import {
  catalogExportSchema,
  exportFormatSchema,
  importCommitSchema,
  importPreviewSchema,
  importResultSchema,
  importSourceSchema,
  MAX_IMPORT_BYTES,
} from '../domain/catalog-transfer';
import { charterContentSchema } from '../domain/charter';
import { charterDiffSchema } from '../domain/charter-diff-schema';
import { charterVersionImpactSchema } from '../domain/charter-impact';
import { charterVersionDetailSchema, remediationListSchema } from '../domain/charter-remediation';
import {
  charterNoteSchema,
  charterOverviewSchema,
  charterVersionSchema,
  charterVersionSummarySchema,
} from '../domain/charter-version';
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
import { memberListSchema, memberSchema, newMemberSchema } from '../domain/member';
import { nodeSetupSchema, workspaceStatusSchema } from '../domain/workspace';
import { backupChannels } from './backup-channels';
import { channel } from './define';
import { incidentChannels } from './incident-channels';
import { reviewChannels } from './review-channels';
import { dashboardChannels } from './dashboard-channels';
import { syncChannels } from './sync-channels';

const noInput = z.strictObject({});
const versionNumber = z.number().int().min(1).max(1_000_000);
/** A lifecycle step names the version and the revision the user saw, so nothing stale moves. */
const charterStep = z.strictObject({
  version: versionNumber,
  expectedRevision: z.number().int().min(1),
});
/** A whole charter as JSON stays well under this; the ledger caps one entry at 1 MiB. */
const MAX_CHARTER_BYTES = 900 * 1024;
const entityId = z.string().min(1).max(64);
/** A step on one grant: the version the user saw and why. */
const grantStep = z.strictObject({
  id: entityId,
  expectedVersion: z.number().int().min(1),
  reason: stepReasonSchema,
});
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
  ...dashboardChannels,
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
  'catalog.importPreview': channel({
    input: importSourceSchema,
    output: importPreviewSchema,
    maxInputBytes: MAX_IMPORT_BYTES + 64 * 1024,
  }),
  'catalog.importCommit': channel({
    input: importCommitSchema,
    output: importResultSchema,
    maxInputBytes: MAX_IMPORT_BYTES + 1024 * 1024,
    mutates: true,
  }),
  'catalog.export': channel({
    input: z.strictObject({ format: exportFormatSchema }),
    output: catalogExportSchema,
  }),
  'charter.overview': channel({ input: noInput, output: charterOverviewSchema }),
  'charter.get': channel({
    input: z.strictObject({ version: versionNumber }),
    output: charterVersionDetailSchema,
  }),
  /** The published version that governs the catalog, or null before the first publication. */
  'charter.governing': channel({
    input: noInput,
    output: z.strictObject({ charter: charterVersionSchema.nullable() }),
  }),
  /** Starts the next draft from a version (normally the published one). */
  'charter.createDraft': channel({
    input: z.strictObject({ basedOn: versionNumber }),
    output: charterVersionSchema,
    mutates: true,
  }),
  'charter.saveDraft': channel({
    input: z.strictObject({
      version: versionNumber,
      expectedRevision: z.number().int().min(1),
      content: charterContentSchema,
    }),
    output: charterVersionSummarySchema,
    maxInputBytes: MAX_CHARTER_BYTES,
    mutates: true,
  }),
  'charter.submit': channel({
    input: charterStep,
    output: charterVersionSummarySchema,
    mutates: true,
  }),
  /** Review sends the version back to draft, with the reason. */
  'charter.return': channel({
    input: charterStep.extend({ reason: charterNoteSchema.min(1, 'Say what needs to change') }),
    output: charterVersionSummarySchema,
    mutates: true,
  }),
  /**
   * Every grant the version puts out of bounds needs one remediation (REMEDIATION_REQUIRED
   * otherwise); a version that affects none needs none.
   */
  'charter.approve': channel({
    input: charterStep.extend({
      note: charterNoteSchema,
      remediations: remediationListSchema.default([]),
    }),
    output: charterVersionSummarySchema,
    maxInputBytes: 12 * 1024 * 1024,
    mutates: true,
  }),
  /** The "no new access" check: what approving the version would do to the live grants. */
  'charter.impact': channel({
    input: z.strictObject({ version: versionNumber }),
    output: charterVersionImpactSchema,
  }),
  'charter.publish': channel({
    input: charterStep,
    output: charterVersionSummarySchema,
    mutates: true,
  }),
  /** Deletes a version that was never published (the ledger keeps its history). */
  'charter.discard': channel({
    input: charterStep,
    output: z.strictObject({ discarded: z.number().int() }),
    mutates: true,
  }),
  'charter.diff': channel({
    input: z.strictObject({ from: versionNumber, to: versionNumber }),
    output: charterDiffSchema,
  }),
  /** The version as an ODRL 2.2 policy in JSON-LD, for partners' tools. */
  'charter.exportOdrl': channel({
    input: z.strictObject({ version: versionNumber }),
    output: z.strictObject({ fileName: z.string(), content: z.string() }),
  }),
  'access.principals': channel({ input: noInput, output: z.array(principalRecordSchema) }),
  'access.addPrincipal': channel({
    input: principalFieldsSchema,
    output: principalRecordSchema,
    mutates: true,
  }),
  'access.updatePrincipal': channel({
    input: principalFieldsSchema.extend({
      id: entityId,
      /** The version the editor started from; a stale edit is refused, not merged. */
      expectedVersion: z.number().int().min(1),
    }),
    output: principalRecordSchema,
    mutates: true,
  }),
  /** One page of the grants table, filtered and sorted in main, each row with its verdict. */
  'access.grants': channel({ input: grantListQuerySchema, output: grantPageSchema }),
  /** The policy's decision on a request, with every check; nothing is written. */
  'access.explain': channel({ input: grantExplainSchema, output: policyDecisionSchema }),
  /** Decided first: a deny is refused (POLICY_DENIED) and nothing is written. */
  'access.requestGrant': channel({
    input: grantRequestSchema,
    output: grantRecordSchema,
    mutates: true,
  }),
  /** Decided again under the charter that governs now; separation of duties on sensitive data. */
  'access.approveGrant': channel({
    input: z.strictObject({ id: entityId, expectedVersion: z.number().int().min(1) }),
    output: grantRecordSchema,
    mutates: true,
  }),
  'access.revokeGrant': channel({ input: grantStep, output: grantRecordSchema, mutates: true }),
  /** Stops an approved or active grant for now (an incident, a review in progress). */
  'access.suspendGrant': channel({ input: grantStep, output: grantRecordSchema, mutates: true }),
  /** Lifts a suspension; the policy decides again under the charter that governs now. */
  'access.reinstateGrant': channel({ input: grantStep, output: grantRecordSchema, mutates: true }),
  /** A lower level and/or an earlier end day; never wider. */
  'access.narrowGrant': channel({
    input: grantStep.extend({
      level: grantNarrowingSchema.shape.level,
      until: grantNarrowingSchema.shape.until,
    }),
    output: grantRecordSchema,
    mutates: true,
  }),
  /** Principals × datasets with the level of each live grant, narrowed and windowed. */
  'access.matrix': channel({ input: accessMatrixQuerySchema, output: accessMatrixSchema }),
  /** A grant with every check of the policy under the governing charter, and its history. */
  'access.grant': channel({ input: z.strictObject({ id: entityId }), output: grantDetailSchema }),
  ...incidentChannels,
  ...reviewChannels,
  ...syncChannels,
  ...backupChannels,
  'members.list': channel({ input: noInput, output: memberListSchema }),
  'members.add': channel({ input: newMemberSchema, output: memberSchema, mutates: true }),
  'members.update': channel({
    input: newMemberSchema.extend({ id: entityId, active: z.boolean() }),
    output: memberSchema,
    mutates: true,
  }),
  /** Who is at the keyboard: later actions are attributed to, and authorised for, this member. */
  'members.actAs': channel({ input: z.strictObject({ id: entityId }), output: memberListSchema }),
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
