import { Link } from 'react-router';
import type { CharterApprovalRecord } from '../../../shared/domain/charter-remediation';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import { Badge } from '../../ui/badge';
import { formatDateTime } from '../../ui/format';
import { ApprovalRecordStamp } from './approval-record';
import { CharterStatusBadge } from './charter-status-badge';

interface VersionHeaderProps {
  version: CharterVersionSummary;
  governing: boolean;
  /** What the approval decided for the grants, when it recorded that. */
  approvalRecord?: CharterApprovalRecord | undefined;
}

function Stamp({
  label,
  by,
  at,
  children,
}: {
  label: string;
  by: string;
  at: string;
  children?: React.ReactNode;
}) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {by} · <time dateTime={at}>{formatDateTime(at)}</time>
        {children}
      </dd>
    </div>
  );
}

/** Which version this is, its status, and who moved it through its lifecycle when. */
export function VersionHeader({ version, governing, approvalRecord }: VersionHeaderProps) {
  const n = String(version.version);
  return (
    <div className="charter-version-head">
      <div className="charter-version-title-row">
        <h2 className="charter-version-title">Version {n}</h2>
        <CharterStatusBadge status={version.status} />
        {governing ? <Badge tone="accent">Governs the catalog</Badge> : null}
      </div>
      <p className="charter-version-name">{version.title}</p>
      <dl className="charter-stamps">
        <Stamp label="Created" by={version.created.by} at={version.created.at}>
          {version.basedOn === null ? null : (
            <>
              {' '}
              from version {version.basedOn} ·{' '}
              <Link to={`/charter/compare?from=${String(version.basedOn)}&to=${n}`}>
                Show the changes
              </Link>
            </>
          )}
        </Stamp>
        {version.editors.length > 0 ? (
          <div>
            <dt>Edited by</dt>
            <dd>
              {version.editors.join(', ')} · revision {version.revision}
            </dd>
          </div>
        ) : null}
        {version.submitted ? (
          <Stamp label="Submitted" by={version.submitted.by} at={version.submitted.at} />
        ) : null}
        {version.approved ? (
          <Stamp label="Approved" by={version.approved.by} at={version.approved.at}>
            {version.approved.note ? (
              <q className="charter-stamp-note">{version.approved.note}</q>
            ) : null}
          </Stamp>
        ) : null}
        {version.approved && approvalRecord ? (
          <ApprovalRecordStamp record={approvalRecord} />
        ) : null}
        {version.published ? (
          <Stamp label="Published" by={version.published.by} at={version.published.at} />
        ) : null}
        {version.supersededAt ? (
          <div>
            <dt>Superseded</dt>
            <dd>
              <time dateTime={version.supersededAt}>{formatDateTime(version.supersededAt)}</time>
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
