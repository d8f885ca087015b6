import { can, permissionIds, permissions } from '../../../shared/domain/permissions';
import { roleLabels, roleSchema } from '../../../shared/domain/roles';
import { useWorkspace } from '../../app/workspace-context';

/**
 * The permission matrix main enforces, so a lead deciding someone's roles sees what each
 * allows, and anyone can see why a button is disabled for them.
 */
export function PermissionsSection() {
  const { status } = useWorkspace();
  const roles = roleSchema.options;
  return (
    <section className="settings-section" aria-labelledby="settings-permissions">
      <h2 id="settings-permissions" className="section-title">
        What each role may do
      </h2>
      <p className="settings-note">
        Enforced by the application for every change, whatever screen or command it comes from.
        Auditors and viewers read everything and change nothing. {status.actor.name} acts as{' '}
        {status.actor.roles.map((role) => roleLabels[role]).join(', ')}.
      </p>
      <table className="permissions-table" data-testid="permissions-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            {roles.map((role) => (
              <th key={role} scope="col">
                {roleLabels[role]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {permissionIds.map((permission) => (
            <tr key={permission}>
              <th scope="row">{permissions[permission].label}</th>
              {roles.map((role) => {
                const allowed = can([role], permission);
                return (
                  <td key={role} className={allowed ? 'permission-yes' : 'permission-no'}>
                    <span aria-hidden="true">{allowed ? '✓' : '—'}</span>
                    <span className="visually-hidden">{allowed ? 'allowed' : 'not allowed'}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
