import { Link } from 'react-router';
import { useWorkspace } from '../../app/workspace-context';
import { AccessBadge } from '../../ui/badge';
import { formatCount, formatDateTime } from '../../ui/format';
import { NodeDetails } from '../../ui/node-details';

/** This node, its workspace file, its catalog size and its ledger: kept current by the gate. */
export function WorkspaceCards() {
  const { status } = useWorkspace();
  const { node } = status;
  const datasets = status.counts.datasets;
  return (
    <div className="dashboard-grid">
      <section className="card" aria-labelledby="dashboard-datasets">
        <h2 id="dashboard-datasets" className="card-label">
          Datasets
        </h2>
        <p className="card-metric">{formatCount(datasets)}</p>
        <p className="card-text">
          {datasets === 0
            ? 'Nothing catalogued yet.'
            : 'Catalogued by this node and shared under the charter.'}
        </p>
        <Link className="card-link" to="/catalog">
          Open the catalog →
        </Link>
      </section>
      <section className="card" aria-labelledby="dashboard-ledger">
        <h2 id="dashboard-ledger" className="card-label">
          Audit ledger
        </h2>
        <p className="card-metric">{formatCount(status.counts.ledgerEntries)}</p>
        <p className="card-text">
          Entries recording every change, hash-chained and signed by this node.
        </p>
        <Link className="card-link" to="/ledger">
          Verify the ledger →
        </Link>
      </section>
      <section className="card" aria-labelledby="dashboard-node">
        <h2 id="dashboard-node" className="card-label">
          This node
        </h2>
        <dl className="summary-list">
          <NodeDetails node={node} />
        </dl>
      </section>
      <section className="card" aria-labelledby="dashboard-workspace">
        <h2 id="dashboard-workspace" className="card-label">
          Workspace
        </h2>
        <dl className="summary-list">
          <div>
            <dt>File</dt>
            <dd className="mono break">{status.path}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(node.createdAt)}</dd>
          </div>
          <div>
            <dt>Access</dt>
            <dd>
              <AccessBadge readOnly={status.readOnly} />
            </dd>
          </div>
        </dl>
      </section>
    </div>
  );
}
