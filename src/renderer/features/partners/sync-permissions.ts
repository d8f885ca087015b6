import { type Permission, permissionBlocker } from '../../../shared/domain/permissions';
import type { OpenWorkspace } from '../../app/workspace-context';

/** What each action on the Partners screens needs, and how a refusal names it. */
const actions = {
  addPeer: { permission: 'peer.manage', words: 'Adding a peer' },
  changePeer: { permission: 'peer.manage', words: "Changing a peer's relationship" },
  revokePeer: { permission: 'peer.manage', words: 'Revoking a peer' },
  setTransport: { permission: 'peer.manage', words: "Setting a peer's transport" },
  exportSnapshot: { permission: 'snapshot.publish', words: 'Exporting a snapshot' },
  importSnapshot: { permission: 'snapshot.import', words: 'Importing a snapshot' },
  endorse: { permission: 'charter.endorse', words: "Endorsing a partner's charter" },
} as const satisfies Record<string, { permission: Permission; words: string }>;

export type SyncAction = keyof typeof actions;

/**
 * Why the member at the keyboard cannot take the action (naming the role it needs), or null.
 * Main refuses the same; the screens disable the control and say why in its title.
 */
export function syncBlocker(status: OpenWorkspace, action: SyncAction): string | null {
  if (status.readOnly) return 'This workspace is open read-only, so nothing can change.';
  const { permission, words } = actions[action];
  return permissionBlocker(status.actor, permission, words);
}

/** Sync now publishes or imports, so it needs either role; main decides which steps run. */
export function syncNowBlocker(status: OpenWorkspace): string | null {
  const publish = syncBlocker(status, 'exportSnapshot');
  const fetch = syncBlocker(status, 'importSnapshot');
  return publish !== null && fetch !== null ? fetch : null;
}
