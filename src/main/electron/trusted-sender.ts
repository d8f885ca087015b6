/** What main knows about the origin of an IPC call. */
export interface SenderInfo {
  /** `event.sender.id`: the web contents the call came from. */
  webContentsId: number;
  /** `event.senderFrame.url`, or null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** Whether the calling frame is its page's top frame (not an iframe). */
  isMainFrame: boolean;
}

export interface SenderPolicy {
  /** True for the app's own pages (see app-origin.ts). */
  isAppUrl: (url: string) => boolean;
  /** True for web contents of windows this app created and still has open. */
  isKnownWebContents: (id: number) => boolean;
}

/**
 * Why a sender is refused, or null when it may call the contract. All three must hold: a
 * window we created, its top frame, showing our own page. Any one alone is not enough — an
 * iframe or a navigated-away page inside our window must not reach the workspace.
 */
export function senderRejection(sender: SenderInfo, policy: SenderPolicy): string | null {
  if (sender.frameUrl === null) return 'the sending frame no longer exists';
  if (!policy.isKnownWebContents(sender.webContentsId)) return 'not a window Concordat opened';
  if (!sender.isMainFrame) return 'sent from a subframe';
  if (!policy.isAppUrl(sender.frameUrl)) return 'the frame shows a page that is not Concordat';
  return null;
}

export function isTrustedSender(sender: SenderInfo, policy: SenderPolicy): boolean {
  return senderRejection(sender, policy) === null;
}
