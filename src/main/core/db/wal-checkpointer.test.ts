import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sampleDraft, createPublishedWorkspace } from '../testing/charter-setup';
import { createDataset, createDatasets } from '../catalog/catalog-commands';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { WalCheckpointer } from './wal-checkpointer';

const tempDir = useTempDir();

function draft(i: number) {
  return sampleDraft({ identifier: `d-${String(i)}`, title: `Dataset ${String(i)}` });
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('WAL checkpoints off the interactive path', () => {
  it('turns SQLite’s automatic checkpoint off and folds the WAL in once the app is idle', () => {
    vi.useFakeTimers();
    const checkpoint = vi.spyOn(WalCheckpointer.prototype, 'checkpoint');
    const ws = createPublishedWorkspace(join(tempDir(), 'w.concordat'), testSetup);
    expect(ws.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 3; i++) createDataset(ws, draft(i));
    expect(checkpoint).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(checkpoint).toHaveBeenCalledTimes(1);
    ws.close();
  });

  it('still checkpoints during a long burst without a pause, so the WAL stays bounded', () => {
    vi.useFakeTimers();
    const checkpoint = vi.spyOn(WalCheckpointer.prototype, 'checkpoint');
    const ws = createPublishedWorkspace(join(tempDir(), 'w.concordat'), testSetup);
    for (let i = 0; i < 1_000; i++) createDataset(ws, draft(i));
    expect(checkpoint).toHaveBeenCalledTimes(1);
    ws.close();
    // Closing stops the idle timer: nothing runs on a closed connection.
    vi.advanceTimersByTime(1_000);
    expect(checkpoint).toHaveBeenCalledTimes(1);
  });

  it('checkpoints after a few large transactions too (a bulk job never idles)', () => {
    vi.useFakeTimers();
    const checkpoint = vi.spyOn(WalCheckpointer.prototype, 'checkpoint');
    const ws = createPublishedWorkspace(join(tempDir(), 'w.concordat'), testSetup);
    const batch = (from: number) => Array.from({ length: 2_500 }, (_, i) => draft(from + i));
    createDatasets(ws, batch(0));
    expect(checkpoint).not.toHaveBeenCalled();
    // Two commits, 5,000 ledger entries: folded in on the spot, no idle moment needed.
    createDatasets(ws, batch(2_500));
    expect(checkpoint).toHaveBeenCalledTimes(1);
    ws.close();
  });
});
