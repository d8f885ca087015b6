/**
 * Runs the checks after each kill on a thread of its own (one per lane), bundled like the
 * child: a check takes a while (a deep verification replays the whole ledger), and on
 * the harness's main thread it would hold up the timers that kill the other lanes' children.
 */
import { parentPort } from 'node:worker_threads';
import { checkAfterKill, type CheckInput, type CheckOutcome } from './crash-checks';

export interface CheckRequest {
  id: number;
  input: CheckInput;
}

export interface CheckResponse {
  id: number;
  outcome: CheckOutcome;
  ms: number;
}

parentPort?.on('message', (request: CheckRequest) => {
  const start = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = checkAfterKill(request.input);
  } catch (error) {
    outcome = {
      problems: [
        `the checks themselves failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ],
      ledgerSize: 0,
      inFlightLanded: null,
      leftovers: [],
    };
  }
  const response: CheckResponse = { id: request.id, outcome, ms: performance.now() - start };
  parentPort?.postMessage(response);
});
