import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { WindowRegistry } from './window-registry';

vi.mock('electron', () => ({}));

function fakeContents(id: number) {
  let onDestroyed: (() => void) | undefined;
  let destroyed = false;
  const contents = {
    id,
    isDestroyed: () => destroyed,
    once: (name: string, listener: () => void) => {
      if (name === 'destroyed') onDestroyed = listener;
    },
  };
  return {
    contents: contents as unknown as WebContents,
    destroy: () => {
      destroyed = true;
      onDestroyed?.();
    },
  };
}

describe('WindowRegistry', () => {
  it('knows the windows it was given until they are destroyed', () => {
    const registry = new WindowRegistry();
    const first = fakeContents(1);
    const second = fakeContents(2);
    registry.add(first.contents);
    registry.add(second.contents);
    expect(registry.has(1)).toBe(true);
    expect(registry.has(3)).toBe(false);
    expect(registry.all()).toEqual([first.contents, second.contents]);

    first.destroy();
    expect(registry.has(1)).toBe(false);
    expect(registry.all()).toEqual([second.contents]);
  });
});
