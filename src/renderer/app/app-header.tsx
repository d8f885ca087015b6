import { Badge, RoleBadge } from '../ui/badge';
import { ActingMemberSwitch } from './acting-member-switch';
import { useWorkspace } from './workspace-context';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

/** Who is acting, for whom, with which roles: every change made here is recorded under them. */
export function AppHeader() {
  const { status } = useWorkspace();
  const { node, actor } = status;
  const operator = (
    <span className="operator">
      <span className="avatar" aria-hidden="true">
        {initialsOf(actor.name)}
      </span>
      <span className="operator-name">
        <span className="visually-hidden">Operator: </span>
        {actor.name}
      </span>
    </span>
  );
  return (
    <header className="app-header">
      <div className="app-header-org">
        <span className="app-header-org-name">{node.organisation}</span>
        {status.readOnly ? <Badge tone="amber">Read-only workspace</Badge> : null}
      </div>
      <div className="app-header-operator">
        <ul className="role-list" aria-label="Your roles">
          {actor.roles.map((role) => (
            <li key={role}>
              <RoleBadge role={role} />
            </li>
          ))}
        </ul>
        {status.members > 1 ? <ActingMemberSwitch label={operator} /> : operator}
      </div>
    </header>
  );
}
