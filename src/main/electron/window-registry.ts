import type { WebContents } from 'electron';

/**
 * The web contents of windows this app created. IPC trusts only these, and session events go
 * only to these; an entry leaves when its contents are destroyed.
 */
export class WindowRegistry {
  private readonly contents = new Map<number, WebContents>();

  add(contents: WebContents): void {
    const id = contents.id;
    this.contents.set(id, contents);
    contents.once('destroyed', () => {
      this.contents.delete(id);
    });
  }

  has(id: number): boolean {
    return this.contents.has(id);
  }

  all(): WebContents[] {
    return [...this.contents.values()].filter((contents) => !contents.isDestroyed());
  }
}
