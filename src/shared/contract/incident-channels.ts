import { z } from 'zod';
import {
  incidentDetailSchema,
  incidentDraftSchema,
  incidentEscalationSchema,
  incidentGrantsInputSchema,
  incidentGrantsResultSchema,
  incidentListQuerySchema,
  incidentListSchema,
  incidentRecordSchema,
  incidentResolutionSchema,
} from '../domain/incident';
import { channel } from './define';

const incidentStep = z.strictObject({
  id: z.string().min(1).max(64),
  /** The version the user saw; a stale step is refused (CONFLICT), not applied. */
  expectedVersion: z.number().int().min(1),
});

/** Incidents and escalations (issue 5, item 6); spread into the contract in channels.ts. */
export const incidentChannels = {
  /** This node's incidents that match, most pressing first. */
  'incidents.list': channel({ input: incidentListQuerySchema, output: incidentListSchema }),
  /** An incident with its history, the grants its subject covers and what it did to them. */
  'incidents.get': channel({
    input: z.strictObject({ id: z.string().min(1).max(64) }),
    output: incidentDetailSchema,
  }),
  'incidents.record': channel({
    input: incidentDraftSchema,
    output: incidentRecordSchema,
    mutates: true,
  }),
  /** Open or escalated → escalated; the severity may rise, never fall. */
  'incidents.escalate': channel({
    input: incidentStep.extend(incidentEscalationSchema.shape),
    output: incidentRecordSchema,
    mutates: true,
  }),
  /** Open or escalated → resolved; a resolved incident never changes again. */
  'incidents.resolve': channel({
    input: incidentStep.extend(incidentResolutionSchema.shape),
    output: incidentRecordSchema,
    mutates: true,
  }),
  /** Suspends or revokes grants of the incident's subject, all or none, naming the incident. */
  'incidents.actOnGrants': channel({
    input: incidentGrantsInputSchema,
    output: incidentGrantsResultSchema,
    mutates: true,
  }),
};
