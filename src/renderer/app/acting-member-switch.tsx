import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { Member } from '../../shared/domain/member';
import { roleLabels } from '../../shared/domain/roles';
import { useClient } from '../api/client-context';
import { MenuButton } from '../ui/menu-button';
import { useToast } from '../ui/toast';
import { useWorkspace } from './workspace-context';

/**
 * People sharing one node choose who is at the keyboard: what they do is recorded under their
 * name and checked against their roles. Attribution, not a login: they share the node's key.
 */
export function ActingMemberSwitch({ label }: { label: ReactNode }) {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const [members, setMembers] = useState<Member[] | null>(null);

  const load = useCallback(() => {
    client.call('members.list', {}).then(
      (list) => {
        setMembers(list.members.filter((member) => member.active));
      },
      () => {
        setMembers([]);
      },
    );
  }, [client]);

  useEffect(load, [load, status.members]);

  return (
    <MenuButton
      label={label}
      name={`Acting as ${status.actor.name}`}
      panelLabel="Act as"
      align="end"
    >
      {(close) => (
        <div className="acting-member-panel">
          <p className="acting-member-hint">
            Changes are recorded under the member at the keyboard.
          </p>
          <ul className="acting-member-list">
            {(members ?? []).map((member) => (
              <li key={member.id}>
                <button
                  type="button"
                  className="menu-item"
                  aria-pressed={member.id === status.actor.id}
                  onClick={() => {
                    close();
                    if (member.id === status.actor.id) return;
                    client.call('members.actAs', { id: member.id }).then(
                      () => {
                        toast(`Now acting as ${member.name}`);
                      },
                      (error: unknown) => {
                        toast(error instanceof Error ? error.message : 'Could not switch', 'info');
                      },
                    );
                  }}
                >
                  <span className="acting-member-name">{member.name}</span>
                  <span className="acting-member-roles">
                    {member.roles.map((role) => roleLabels[role]).join(', ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </MenuButton>
  );
}
