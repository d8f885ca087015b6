import { useCallback, useId, useReducer, useState } from 'react';
import type { CharterContent } from '../../../shared/domain/charter';
import type { CharterVersionImpact, ImpactItem } from '../../../shared/domain/charter-impact';
import type { GrantRemediationInput } from '../../../shared/domain/charter-remediation';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import type { RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { ErrorText, LoadErrorBanner } from '../../ui/banner';
import { formatCount, pluralise } from '../../ui/format';
import { FormDialogActions, Modal } from '../../ui/modal';
import { Spinner } from '../../ui/spinner';
import { ApplyToAll } from './apply-to-all';
import { focusLater } from './focus-later';
import { Pager, usePage } from './impact-pager';
import { NewlyAllowedRow, OutOfBoundsRow } from './impact-rows';
import { useLiveQuery } from './use-live-query';
import { useRemediations } from './use-remediations';
import './approve-dialog.css';

const noItems: readonly ImpactItem[] = [];

interface ApproveDialogProps {
  version: CharterVersionSummary;
  /** The version's content: the charter the grants are judged against and narrowed within. */
  charter: CharterContent;
  /** Resolves to the error to show, or null when the version was approved. */
  onSubmit: (note: string, remediations: GrantRemediationInput[]) => Promise<RpcError | null>;
  onClose: () => void;
}

/** "3 grants out of bounds / 2 newly allowed / 40 unchanged", against which version. */
function ImpactSummary({ impact }: { impact: CharterVersionImpact }) {
  return (
    <div className="impact-summary">
      <p data-testid="impact-summary" className="impact-summary-counts">
        <strong>{pluralise(impact.outOfBounds.length, 'grant')} out of bounds</strong> /{' '}
        {formatCount(impact.newlyAllowed.length)} newly allowed / {formatCount(impact.unchanged)}{' '}
        unchanged
      </p>
      <p className="impact-summary-against">
        {impact.governingVersion === null
          ? 'No version is published yet, so every live grant is judged against this one alone.'
          : `Compared with the published version ${String(impact.governingVersion)}, for every grant that is neither revoked nor expired.`}
      </p>
    </div>
  );
}

/**
 * Approving a version, after the "no new access" check: the grants it would put out of
 * bounds, each with the lead's remediation (revoke, narrow, or accept with a justification),
 * and the grants it would newly allow. Approve stays disabled until every out-of-bounds
 * grant has a complete remediation.
 */
export function ApproveDialog({ version, charter, onSubmit, onClose }: ApproveDialogProps) {
  const client = useClient();
  const titleId = useId();
  const noteId = useId();
  const n = String(version.version);
  const [reloads, reload] = useReducer((count: number) => count + 1, 0);
  const load = useCallback(
    () => client.call('charter.impact', { version: version.version }),
    [client, version.version],
  );
  const impact = useLiveQuery(load, reloads);
  const outOfBounds = impact.value?.outOfBounds ?? noItems;
  const newlyAllowed = impact.value?.newlyAllowed ?? noItems;
  const remediation = useRemediations(outOfBounds, charter.accessLevels);
  const outPage = usePage(outOfBounds);
  const newPage = usePage(newlyAllowed);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<RpcError | null>(null);
  const pending = remediation.pending.length;

  async function submit(): Promise<void> {
    if (busy || impact.value === null || pending > 0) return;
    setBusy(true);
    setProblem(null);
    const error = await onSubmit(note.trim(), remediation.remediations());
    if (error === null) {
      onClose();
      return;
    }
    setBusy(false);
    setProblem(error);
    // The grants may have moved on since the check ran (REMEDIATION_REQUIRED names those
    // without a remediation): run it again; the decisions made so far are kept by grant id.
    reload();
  }

  function showFirstPending(): void {
    const first = remediation.pending[0];
    if (!first) return;
    outPage.showIndex(outOfBounds.indexOf(first));
    focusLater(`[data-grant="${first.grantId}"] [data-testid="remediation-choice"]`);
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="impact-dialog">
      <form
        className="impact-dialog-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId} className="dialog-title" tabIndex={-1} data-autofocus>
          Approve version {n}?
        </h2>
        <div className="impact-dialog-body">
          <p className="dialog-message">
            Approval says the version is ready to publish. First, what it would do to the access
            granted today.
          </p>
          {impact.value === null ? (
            impact.error ? (
              <LoadErrorBanner
                title="The grants this version affects could not be checked"
                error={impact.error}
                onRetry={impact.retry}
              />
            ) : (
              <Spinner label={`Checking which grants version ${n} affects…`} />
            )
          ) : (
            <>
              <ImpactSummary impact={impact.value} />
              {outOfBounds.length === 0 && newlyAllowed.length === 0 ? (
                <p className="impact-none">
                  No grants are affected: version {n} puts no grant out of bounds and newly allows
                  none.
                </p>
              ) : null}
              {outOfBounds.length > 0 ? (
                <section className="impact-section" aria-labelledby={`${titleId}-out`}>
                  <h3 id={`${titleId}-out`} className="impact-section-title">
                    Out of bounds: choose a remediation for each
                  </h3>
                  <p className="impact-section-description">
                    Revoke ends the grant. Narrow lowers its level or ends it sooner, within version{' '}
                    {n}. Accept keeps it as it is; it shows as out of bounds once version {n} is
                    published. Revocations and narrowings are made when you approve, and each
                    grant’s history cites version {n}.
                  </p>
                  {outOfBounds.length > 1 ? (
                    <ApplyToAll
                      total={outOfBounds.length}
                      undecided={remediation.undecided}
                      charter={charter}
                      onApply={remediation.applyToAll}
                    />
                  ) : null}
                  <Pager label="Grants" total={outOfBounds.length} page={outPage} />
                  <ol className="impact-list">
                    {outPage.rows.map((item) => (
                      <OutOfBoundsRow
                        key={item.grantId}
                        item={item}
                        charter={charter}
                        draft={remediation.draftOf(item.grantId)}
                        onChange={(change) => {
                          remediation.update(item.grantId, change);
                        }}
                      />
                    ))}
                  </ol>
                  <Pager label="Grants" total={outOfBounds.length} page={outPage} />
                </section>
              ) : null}
              {newlyAllowed.length > 0 ? (
                <section className="impact-section" aria-labelledby={`${titleId}-new`}>
                  <h3 id={`${titleId}-new`} className="impact-section-title">
                    Newly allowed
                  </h3>
                  <p className="impact-section-description">
                    Denied under the published charter, allowed under version {n}. Nothing to
                    decide: approval changes none of them, but stewards could approve such requests
                    from then on.
                  </p>
                  <Pager label="Newly allowed grants" total={newlyAllowed.length} page={newPage} />
                  <ol className="impact-list">
                    {newPage.rows.map((item) => (
                      <NewlyAllowedRow key={item.grantId} item={item} charter={charter} />
                    ))}
                  </ol>
                </section>
              ) : null}
            </>
          )}
          <div className="field charter-dialog-field">
            <label className="field-label" htmlFor={noteId}>
              Note
            </label>
            <span className="field-optional">Optional</span>
            <textarea
              id={noteId}
              className="input"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(event) => {
                setNote(event.target.value);
              }}
            />
          </div>
        </div>
        {problem ? (
          <p className="field-error impact-dialog-problem" role="alert">
            <ErrorText error={problem} />
          </p>
        ) : null}
        {impact.value !== null && pending > 0 ? (
          <p className="impact-pending" role="status">
            {pending === outOfBounds.length
              ? `Choose a remediation and a justification for each of the ${pluralise(pending, 'grant')} out of bounds to approve.`
              : `${pluralise(pending, 'grant')} of ${formatCount(outOfBounds.length)} still ${pending === 1 ? 'needs' : 'need'} a remediation.`}{' '}
            <button type="button" className="button button-ghost" onClick={showFirstPending}>
              Show the first
            </button>
          </p>
        ) : null}
        <FormDialogActions
          submitLabel={`Approve version ${n}`}
          busyLabel="Approving…"
          busy={busy}
          disabled={impact.value === null || pending > 0}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
