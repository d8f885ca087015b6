import type { GrantStepSource, PrincipalKind } from '../../../shared/domain/access';
import type { CharterContent, LegalBasis } from '../../../shared/domain/charter';
import type { CharterApprovalRecord } from '../../../shared/domain/charter-remediation';
import type { Dataset, DatasetDraft } from '../../../shared/domain/dataset';
import type { IncidentEvent } from './incident-events';
import type { ReviewEvent } from './review-events';
import type { SyncEvent } from './sync-events';
import type { Role } from '../../../shared/domain/roles';
import type { NodeIdentity } from '../../../shared/domain/workspace';

type NodeAndCatalogEvent =
  | { type: 'node.initialised'; payload: NodeIdentity }
  | {
      /** The public half of the key that signs this node's checkpoints (C2SP vkey). */
      type: 'node.key_registered';
      payload: { keyName: string; vkey: string; createdAt: string };
    }
  | { type: 'dataset.created'; payload: Dataset }
  | {
      type: 'dataset.updated';
      payload: { id: string; version: number; updatedAt: string; draft: DatasetDraft };
    };

/** Who took a lifecycle step, and when; `by` is the member acting on this node. */
interface Stamp {
  id: string;
  by: string;
  at: string;
}

/**
 * Everything that changes a workspace is one of these events. Appliers turn them into
 * projection rows; nothing else writes the projection tables (ARCHITECTURE.md §2).
 */
export type DomainEvent =
  | NodeAndCatalogEvent
  | { type: 'member.added'; payload: { id: string; name: string; roles: Role[]; addedAt: string } }
  | {
      type: 'member.updated';
      payload: { id: string; name: string; roles: Role[]; active: boolean };
    }
  | {
      type: 'charter.draft_created';
      payload: Stamp & {
        ownerNode: string;
        version: number;
        /** The version it was started from; null for the first, made from the template. */
        basedOn: number | null;
        content: CharterContent;
      };
    }
  | { type: 'charter.draft_saved'; payload: Stamp & { revision: number; content: CharterContent } }
  | { type: 'charter.submitted'; payload: Stamp }
  | { type: 'charter.returned'; payload: Stamp & { reason: string } }
  | {
      type: 'charter.approved';
      /**
       * `approval` is what the "no new access" check showed and what the lead decided for each
       * grant put out of bounds (absent in entries written before it existed).
       */
      payload: Stamp & { note: string; approval?: CharterApprovalRecord };
    }
  | {
      type: 'charter.published';
      /** `supersedes` is the id of the version this one replaces, if any. */
      payload: Stamp & { supersedes: string | null };
    }
  | { type: 'charter.draft_discarded'; payload: Stamp }
  | AccessEvent
  | IncidentEvent
  | ReviewEvent
  | SyncEvent;

/** A principal's record as the access events carry it (the whole record, not a patch). */
interface PrincipalFields {
  kind: PrincipalKind;
  name: string;
  organisation: string;
  tier: string | null;
  legalBases: LegalBasis[];
}

/** Principals and grants (issue 5). Stamp.id is the principal's or the grant's id. */
type AccessEvent =
  | { type: 'principal.added'; payload: Stamp & PrincipalFields & { ownerNode: string } }
  | { type: 'principal.updated'; payload: Stamp & PrincipalFields & { version: number } }
  | {
      type: 'grant.requested';
      payload: Stamp & {
        ownerNode: string;
        principalId: string;
        datasetId: string;
        level: string;
        purpose: string;
        start: string;
        until: string | null;
        justification: string;
      };
    }
  | { type: 'grant.approved'; payload: Stamp }
  | { type: 'grant.revoked'; payload: Stamp & GrantStepCause }
  | { type: 'grant.suspended'; payload: Stamp & GrantStepCause }
  | { type: 'grant.reinstated'; payload: Stamp & GrantStepCause }
  | {
      type: 'grant.narrowed';
      /** The terms after narrowing; a narrowing never widens (level or end day). */
      payload: Stamp & GrantStepCause & { level: string; until: string };
    };

/**
 * Why a grant changed: the person's reason and, when an incident, a review decision or a
 * charter approval caused it, which one (absent in entries written before issue 5's end).
 */
interface GrantStepCause {
  reason: string;
  source?: GrantStepSource;
}

export type DomainEventType = DomainEvent['type'];
