import type { Dataset, DatasetDraft } from '../../../shared/domain/dataset';
import type { NodeIdentity } from '../../../shared/domain/workspace';

/**
 * Everything that changes a workspace is one of these events. Appliers turn them into
 * projection rows; nothing else writes the projection tables (ARCHITECTURE.md §2).
 */
export type DomainEvent =
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

export type DomainEventType = DomainEvent['type'];
