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
 * each is applied to the projections and appended to the ledger in the same IMMEDIATE
 * transaction, so checks and writes see one state and a rejected command (any throw) writes
 * nothing, neither rows nor ledger entries.
 */
export function execute<T>(workspace: Workspace, decide: () => Decision<T>): T {
  workspace.assertWritable();
  const { sqlite, ledger, node } = workspace;
  const actor = { node: node.nodeId, operator: workspace.actor.name };
  const sizeBefore = ledger.size;
  const transaction = sqlite.transaction(() => {
    const decision = decide();
    const time = new Date().toISOString();
    for (const event of decision.events) {
      applyEvent(sqlite, event);
      ledger.append(event, actor, time);
    }
    return decision.result;
  });
  let result: T;
  try {
    result = transaction.immediate();
  } catch (error) {
    try {
      // The rollback discarded any appends; the in-memory head must forget them too.
      ledger.reload();
    } catch {
      // The original failure is the one to report.
    }
    throw translateSqliteError(error, workspace.path);
  }
  workspace.committed(ledger.size - sizeBefore);
  return result;
}
