import { describe, expect, it, vi } from 'vitest';
import { guardUnsavedChanges } from './unsaved-changes';

function fakeContents() {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  return {
    on: vi.fn((_name: string, handler: typeof listener) => {
      listener = handler;
    }),
    /** The page refused to unload; returns whether the window may close after all. */
    refuseUnload(): boolean {
      const event = { preventDefault: vi.fn() };
      listener?.(event);
      return event.preventDefault.mock.calls.length > 0;
    },
  };
}

describe('unsaved changes in the desktop shell', () => {
  it('asks, and closes the window only when the user chooses to leave', () => {
    const contents = fakeContents();
    const ask = vi.fn().mockReturnValueOnce(0).mockReturnValueOnce(1);
    guardUnsavedChanges(contents, ask);
    expect(contents.on).toHaveBeenCalledWith('will-prevent-unload', expect.any(Function));
    expect(contents.refuseUnload()).toBe(true);
    expect(contents.refuseUnload()).toBe(false);
    // Staying is the default and what Esc picks.
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ defaultId: 1, cancelId: 1 }));
  });
});
