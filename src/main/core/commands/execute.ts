import { translateSqliteError } from '../db/sqlite-errors';
import type { Workspace } from '../workspace/workspace';
import { applyEvent } from './appliers';
import type { DomainEvent } from './events';

export interface Decision<T> {
  events: DomainEvent[];
  result: T;
}

/**
 * The single write path: `decide` validates against current state and returns the events;
 * they are applied in the same IMMEDIATE transaction, so checks and writes see one state and
 * a rejected command (any throw) writes nothing.
 */
export function execute<T>(workspace: Workspace, decide: () => Decision<T>): T {
  workspace.assertWritable();
  const transaction = workspace.sqlite.transaction(() => {
    const decision = decide();
    for (const event of decision.events) applyEvent(workspace.sqlite, event);
    return decision.result;
  });
  try {
    return transaction.immediate();
  } catch (error) {
    throw translateSqliteError(error, workspace.path);
  }
}
