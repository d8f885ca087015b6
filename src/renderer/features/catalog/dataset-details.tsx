import type { Dataset } from '../../../shared/domain/dataset';
import { SensitivityBadge, StatusBadge } from '../../ui/badge';
import { formatDateTime } from '../../ui/format';

/**
 * The record's metadata: not editable, but what an auditor asks about first. `owner` names the
 * organisation that owns a replica (null for this node's own dataset).
 */
export function DatasetDetails({
  dataset,
  owner = null,
}: {
  dataset: Dataset;
  owner?: string | null;
}) {
  return (
    <section className="aside-card" aria-labelledby="dataset-details-title">
      <h2 id="dataset-details-title" className="aside-title">
        Record
      </h2>
      <div className="badge-row">
        <SensitivityBadge value={dataset.sensitivity} />
        <StatusBadge value={dataset.status} />
      </div>
      <dl className="aside-list">
        <div>
          <dt>Version</dt>
          <dd className="mono">{dataset.version}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <time dateTime={dataset.createdAt}>{formatDateTime(dataset.createdAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <time dateTime={dataset.updatedAt}>{formatDateTime(dataset.updatedAt)}</time>
          </dd>
        </div>
        <div>
          <dt>Owner node</dt>
          <dd className="mono break">{dataset.ownerNode}</dd>
        </div>
        <div>
          <dt>Record ID</dt>
          <dd className="mono break">{dataset.id}</dd>
        </div>
      </dl>
      {owner === null ? (
        <p className="aside-note">
          Saving creates version {dataset.version + 1}. If someone else saved in the meantime, your
          save is refused rather than merged.
        </p>
      ) : (
        <p className="aside-note">
          Version {dataset.version} as {owner} last sent it; only {owner} changes it.
        </p>
      )}
    </section>
  );
}

export function NewDatasetHelp() {
  return (
    <section className="aside-card" aria-labelledby="dataset-help-title">
      <h2 id="dataset-help-title" className="aside-title">
        About catalog entries
      </h2>
      <p className="aside-note">
        This node owns the datasets it catalogues: every save is recorded in its ledger under your
        name.
      </p>
      <p className="aside-note">
        Partners see a dataset only when the charter allows its sensitivity for them and a signed
        snapshot is published.
      </p>
    </section>
  );
}
