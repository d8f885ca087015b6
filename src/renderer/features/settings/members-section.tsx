import { useCallback, useState } from 'react';
import type { Member } from '../../../shared/domain/member';
import { type Role, roleLabels, roleSchema } from '../../../shared/domain/roles';
import { useAppEvent, useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { RoleBadge } from '../../ui/badge';
import { LoadErrorBanner } from '../../ui/banner';
import { useLoader } from '../../ui/use-loader';

function RoleChoices({
  value,
  onChange,
  legend,
}: {
  value: Role[];
  onChange: (roles: Role[]) => void;
  legend: string;
}) {
  return (
    <fieldset className="member-roles">
      <legend className="visually-hidden">{legend}</legend>
      {roleSchema.options.map((role) => (
        <label key={role} className="member-role">
          <input
            type="checkbox"
            checked={value.includes(role)}
            onChange={(event) => {
              onChange(
                event.target.checked ? [...value, role] : value.filter((held) => held !== role),
              );
            }}
          />
          {roleLabels[role]}
        </label>
      ))}
    </fieldset>
  );
}

function AddMemberForm({ onAdded }: { onAdded: () => void }) {
  const client = useClient();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['steward']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="member-add"
      aria-label="Add a member"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        client.call('members.add', { name, roles }).then(
          () => {
            setBusy(false);
            setName('');
            setError(null);
            onAdded();
          },
          (failure: unknown) => {
            setBusy(false);
            setError(failure instanceof Error ? failure.message : 'The member was not added.');
          },
        );
      }}
    >
      <label className="field-label" htmlFor="member-name">
        Name
      </label>
      <input
        id="member-name"
        className="input"
        value={name}
        maxLength={120}
        onChange={(event) => {
          setName(event.target.value);
        }}
      />
      <RoleChoices value={roles} onChange={setRoles} legend="Roles of the new member" />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        className="button"
        disabled={busy || name.trim() === '' || roles.length === 0}
      >
        Add member
      </button>
    </form>
  );
}

/**
 * The people who share this node. Governance leads add them and change their roles; with
 * more than one lead, charter approval must come from a lead who did not write the version.
 */
export function MembersSection() {
  const client = useClient();
  const { status } = useWorkspace();
  const isLead = status.actor.roles.includes('lead') && !status.readOnly;
  const load = useCallback(() => client.call('members.list', {}), [client]);
  const [members, reload] = useLoader(load);
  const [error, setError] = useState<string | null>(null);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed' && event.payload.entity === 'member') reload();
  });

  const update = (member: Member, change: Partial<Pick<Member, 'roles' | 'active'>>) => {
    client
      .call('members.update', {
        id: member.id,
        name: member.name,
        roles: change.roles ?? member.roles,
        active: change.active ?? member.active,
      })
      .then(
        () => {
          setError(null);
          reload();
        },
        (failure: unknown) => {
          setError(failure instanceof Error ? failure.message : 'The change was not saved.');
        },
      );
  };

  return (
    <section className="settings-section" aria-labelledby="settings-members">
      <h2 id="settings-members" className="section-title">
        Members
      </h2>
      <p className="page-description">
        People who share this node. Changes are recorded under the member at the keyboard (switch in
        the header); roles decide what each may do.
      </p>
      {members.status === 'failed' ? (
        <LoadErrorBanner title="Members are unavailable" error={members.error} onRetry={reload} />
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {members.status === 'ready' ? (
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              {isLead ? <th scope="col">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.value.members.map((member) => (
              <tr key={member.id}>
                <th scope="row">
                  {member.name}
                  {member.id === members.value.actingId ? ' (you)' : ''}
                </th>
                <td>
                  {isLead ? (
                    <RoleChoices
                      value={member.roles}
                      legend={`Roles of ${member.name}`}
                      onChange={(roles) => {
                        if (roles.length > 0) update(member, { roles });
                      }}
                    />
                  ) : (
                    member.roles.map((role) => <RoleBadge key={role} role={role} />)
                  )}
                </td>
                <td>{member.active ? 'Active' : 'Inactive'}</td>
                {isLead ? (
                  <td>
                    <button
                      type="button"
                      className="button"
                      disabled={member.id === members.value.actingId}
                      onClick={() => {
                        update(member, { active: !member.active });
                      }}
                    >
                      {member.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {isLead ? <AddMemberForm onAdded={reload} /> : null}
    </section>
  );
}
