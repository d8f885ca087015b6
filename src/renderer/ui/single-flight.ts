/**
 * Wraps an async task so that calls overlapping a run do not start more runs: they cause one
 * more run after the current one, which sees everything they were about.
 */
export function singleFlight(task: () => Promise<void>): () => void {
  let state: 'idle' | 'busy' | 'again' = 'idle';
  const run = (): void => {
    if (state !== 'idle') {
      state = 'again';
      return;
    }
    state = 'busy';
    void task()
      .catch(() => undefined)
      .finally(() => {
        const again = state === 'again';
        state = 'idle';
        if (again) run();
      });
  };
  return run;
}
