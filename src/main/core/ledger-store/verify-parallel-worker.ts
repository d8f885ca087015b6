/*
 * A verification worker thread: one read-only connection to the workspace file, then tasks one
 * at a time from verify-parallel.ts. Built as its own entry (electron.vite.config.ts) so the
 * CLI and the desktop bundles can start it; from the sources it runs through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  LedgerReader,
  runVerificationTask,
  type TaskContext,
  type VerificationTask,
} from './verify-parallel-tasks';

export interface VerificationWorkerData {
  path: string;
  nativeBinding?: string;
}

export type ToWorker = { id: number; task: VerificationTask };

export type FromWorker =
  | { type: 'progress'; count: number }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; name: string; code?: string; message: string };

function openContext(data: VerificationWorkerData): TaskContext {
  const sqlite = new Database(data.path, {
    readonly: true,
    fileMustExist: true,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  });
  sqlite.pragma('query_only = ON');
  return {
    sqlite,
    reader: new LedgerReader(sqlite),
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  };
}

const port = parentPort;
if (port) {
  const context = openContext(workerData as VerificationWorkerData);
  const post = (message: FromWorker) => port.postMessage(message);
  port.on('message', ({ id, task }: ToWorker) => {
    try {
      const result = runVerificationTask(context, task, (count) => {
        if (count > 0) post({ type: 'progress', count });
      });
      post({ type: 'done', id, result });
    } catch (error) {
      const { name, message, code } = error as Error & { code?: unknown };
      post({
        type: 'failed',
        id,
        name,
        message,
        ...(typeof code === 'string' ? { code } : {}),
      });
    }
  });
  // The parent terminates this thread; closing here too keeps a clean exit on other paths.
  process.on('exit', () => context.sqlite.close());
}
