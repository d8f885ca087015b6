import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../shared/contract/events';
import { TaskRunner } from './task-runner';

describe('TaskRunner', () => {
  it('reports progress as task.progress events, always including the final step', async () => {
    const events: AppEvent[] = [];
    const runner = new TaskRunner((event) => events.push(event));
    const result = await runner.run('t1', ({ progress }) => {
      for (let done = 0; done <= 1000; done += 1) progress('Counting', done, 1000);
      return Promise.resolve('finished');
    });
    expect(result).toBe('finished');
    // Throttled: the burst does not become a thousand events, but the end always goes out.
    expect(events.length).toBeLessThan(10);
    expect(events.at(-1)).toEqual({
      name: 'task.progress',
      payload: { taskId: 't1', label: 'Counting', done: 1000, total: 1000 },
    });
  });

  it('cancels a running task through its signal and forgets it afterwards', async () => {
    const runner = new TaskRunner(() => undefined);
    const running = runner.run(
      't2',
      ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    );
    expect(runner.cancel('t2')).toBe(true);
    await expect(running).rejects.toThrow('stopped');
    expect(runner.cancel('t2')).toBe(false);
  });

  it('refuses a second task with the same id while the first runs', async () => {
    const runner = new TaskRunner(() => undefined);
    let finish: () => void = () => undefined;
    const first = runner.run('same', () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(runner.run('same', () => Promise.resolve())).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    finish();
    await first;
  });
});
