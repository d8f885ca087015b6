import type { Role } from '../../../shared/domain/roles';
import type { PeerTerms, SnapshotDiff, SnapshotRecordKind } from '../../../shared/domain/sync';

/** A replica row as a snapshot carried it: the owner's projection row, column for column. */
export type ReplicaRow = Record<string, string | number | null>;

export interface ReplicaUpsert {
  kind: SnapshotRecordKind;
  id: string;
  /** SHA-256 of the row's JSON, so the next import can tell what changed without the row. */
  digest: string;
  row: ReplicaRow;
}

/**
 * Peers, snapshots, replicas and endorsements (issue 6). An import is one or more
 * `replica.records` entries (a snapshot of 50,000 grants does not fit in one ledger entry)
 * followed by `snapshot.imported`, all in one transaction.
 */
export type SyncEvent =
  | {
      type: 'peer.added';
      payload: {
        nodeId: string;
        organisation: string;
        operator: string;
        cardRoles: Role[];
        vkey: string;
        fingerprint: string;
        terms: PeerTerms;
        /** The identity card it was pinned from (DSSE envelope JSON). */
        card: string;
        by: string;
        at: string;
      };
    }
  | { type: 'peer.updated'; payload: { nodeId: string; terms: PeerTerms; by: string; at: string } }
  | {
      type: 'peer.revoked';
      payload: { nodeId: string; reason: string; by: string; at: string };
    }
  | {
      type: 'peer.key_rotated';
      /** `statement` is the rotation statement signed by the key it replaces. */
      payload: { nodeId: string; vkey: string; fingerprint: string; statement: string; at: string };
    }
  | {
      type: 'node.key_rotated';
      /** This node's own rotation: the new key, and the statement its old key signed. */
      payload: { keyName: string; vkey: string; statement: string; at: string };
    }
  | {
      type: 'snapshot.issued';
      payload: {
        peer: string;
        version: number;
        digest: string;
        issuedAt: string;
        expiresAt: string;
        checkpointSize: number;
        records: number;
        bytes: number;
      };
    }
  | {
      type: 'replica.records';
      payload: {
        peer: string;
        version: number;
        upserts: ReplicaUpsert[];
        removes: { kind: SnapshotRecordKind; id: string }[];
      };
    }
  | {
      type: 'snapshot.imported';
      payload: {
        peer: string;
        version: number;
        digest: string;
        issuedAt: string;
        expiresAt: string;
        checkpoint: string;
        checkpointSize: number;
        diff: SnapshotDiff;
        /**
         * Each part's name and digest, as the manifest signed them, so the next import can
         * tell which parts it already holds. Absent from entries written before it existed.
         */
        parts?: { name: SnapshotRecordKind; digest: string }[];
        at: string;
      };
    }
  | {
      type: 'charter.endorsed';
      payload: {
        id: string;
        charterOwner: string;
        charterId: string;
        charterVersion: number;
        contentDigest: string;
        note: string;
        /** DSSE envelope JSON signed by this node over the charter it endorses. */
        statement: string;
        by: string;
        at: string;
      };
    }
  | {
      type: 'sync.alarm_raised';
      payload: {
        id: string;
        peer: string;
        kind: 'fork';
        detail: string;
        evidence: Record<string, string | number | null>;
        at: string;
      };
    };
