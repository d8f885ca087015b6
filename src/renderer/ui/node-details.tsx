import type { NodeIdentity } from '../../shared/domain/workspace';
import { RoleBadge } from './badge';

/** Who this node is, as rows of a description list (the caller supplies the <dl>). */
export function NodeDetails({ node }: { node: NodeIdentity }) {
  return (
    <>
      <div>
        <dt>Organisation</dt>
        <dd>{node.organisation}</dd>
      </div>
      <div>
        <dt>Operator</dt>
        <dd>{node.operator}</dd>
      </div>
      <div>
        <dt>Roles</dt>
        <dd className="badge-row">
          {node.roles.map((role) => (
            <RoleBadge key={role} role={role} />
          ))}
        </dd>
      </div>
      <div>
        <dt>Node ID</dt>
        <dd className="mono">{node.nodeId}</dd>
      </div>
    </>
  );
}
