import { useId, useState } from 'react';
import {
  faultKindLabels,
  type VerificationFaultKind,
  type VerificationOutcome,
} from '../../../shared/domain/ledger';
import { Banner, ErrorText } from '../../ui/banner';
import { formatCount, formatDateTime, pluralise } from '../../ui/format';
import { AlertIcon, CheckIcon, ShieldIcon } from '../../ui/icons';
import { saveTextFile } from '../../ui/save-file';
import { useVerification, type VerificationState } from './verification-store';

/** Faults whose seq names an entry that is not there to show. */
const missingEntryFaults = new Set<VerificationFaultKind>(['truncated', 'rollback']);

interface VerificationPanelProps {
  /** Opens an entry in the detail panel (the fault's first bad entry). */
  onShowEntry: (seq: number) => void;
}

/**
 * "Verify" for the auditor: runs the checks in main with a progress bar and Cancel, then says
 * in plain words what was checked and, on failure, where and what.
 */
export function VerificationPanel({ onShowEntry }: VerificationPanelProps) {
  const { state, store } = useVerification();
  const [deep, setDeep] = useState(false);
  const deepId = useId();

  return (
    <section
      className="card verification-panel"
      aria-label="Verification"
      data-testid="verification-panel"
    >
      {state.status === 'running' ? (
        <RunningVerification state={state} onCancel={store.cancel} />
      ) : (
        <>
          {state.status === 'done' ? (
            <VerificationResult outcome={state.outcome} onShowEntry={onShowEntry} />
          ) : null}
          {state.status === 'cancelled' ? (
            <p className="verification-note" role="status">
              Verification was cancelled; nothing was changed.
            </p>
          ) : null}
          {state.status === 'failed' ? (
            <Banner title="Verification could not run">
              <ErrorText error={state.error} />
            </Banner>
          ) : null}
          <div className="verification-start">
            {state.status === 'idle' ? (
              <div className="verification-intro">
                <ShieldIcon />
                <p>
                  Check that every entry is intact, correctly chained and covered by the node’s
                  signed checkpoints. Nothing is changed.
                </p>
              </div>
            ) : null}
            <label className="checkbox-label" htmlFor={deepId}>
              <input
                id={deepId}
                type="checkbox"
                checked={deep}
                onChange={(event) => {
                  setDeep(event.target.checked);
                }}
              />
              Deep check: also replay every entry and compare every table (slower)
            </label>
            <span className="toolbar-spacer" />
            <button
              type="button"
              className="button button-primary"
              data-testid="verify-ledger"
              onClick={() => {
                store.start(deep);
              }}
            >
              {state.status === 'idle' ? 'Verify ledger' : 'Verify again'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function RunningVerification({
  state,
  onCancel,
}: {
  state: Extract<VerificationState, { status: 'running' }>;
  onCancel: () => void;
}) {
  const labelId = useId();
  const percent = state.total > 0 ? Math.floor((state.done / state.total) * 100) : null;
  return (
    <div className="verification-running" data-testid="verification-running">
      <div className="verification-progress-text">
        <span id={labelId}>
          {state.cancelling ? 'Cancelling…' : `${state.label}${state.deep ? ' (deep)' : ''}…`}
        </span>
        <span className="verification-progress-count">
          {state.total > 0
            ? `${formatCount(state.done)} of ${formatCount(state.total)} · ${String(percent)}%`
            : ''}
        </span>
      </div>
      <progress
        className="verification-progress"
        aria-labelledby={labelId}
        max={state.total > 0 ? state.total : undefined}
        value={state.total > 0 ? state.done : undefined}
      />
      <div className="verification-start">
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="button"
          data-testid="cancel-verification"
          disabled={state.cancelling}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

function VerificationResult({
  outcome,
  onShowEntry,
}: {
  outcome: VerificationOutcome;
  onShowEntry: (seq: number) => void;
}) {
  const { report } = outcome;
  const { fault } = report;
  return (
    <div
      className={`verification-result ${report.ok ? 'verification-ok' : 'verification-failed'}`}
      role="status"
      data-testid="verification-result"
      data-ok={String(report.ok)}
    >
      <div className="verification-verdict">
        {report.ok ? <CheckIcon /> : <AlertIcon />}
        <div>
          <p className="verification-title">
            {report.ok
              ? `Verified: ${pluralise(report.size, 'entry', 'entries')} are complete and unaltered.`
              : `Verification failed${fault && fault.seq !== null ? ` at entry ${String(fault.seq)}` : ''}: ${fault ? faultKindLabels[fault.kind] : 'see below'}.`}
          </p>
          <p className="verification-meta">
            {outcome.deep ? 'Fast, consistency and deep checks' : 'Fast and consistency checks'} ·
            finished {formatDateTime(outcome.finishedAt)}
            {outcome.key ? ` · key ${outcome.key.fingerprint}` : ''}
          </p>
        </div>
      </div>
      <ul className="verification-checks">
        {report.checks.map((check) => (
          <li key={check.level} className={check.ok ? 'check-ok' : 'check-failed'}>
            <span className="check-mark" aria-hidden="true">
              {check.ok ? '✓' : '✗'}
            </span>
            <span>
              <strong>
                Level {check.level}, {check.name}:
              </strong>{' '}
              {check.detail}
              <span className="visually-hidden">{check.ok ? ' — passed' : ' — failed'}</span>
            </span>
          </li>
        ))}
      </ul>
      {fault ? (
        <p className="verification-fault" data-testid="verification-fault" data-kind={fault.kind}>
          {fault.message}
        </p>
      ) : null}
      <div className="verification-actions">
        {fault && fault.seq !== null && !missingEntryFaults.has(fault.kind) ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              if (fault.seq !== null) onShowEntry(fault.seq);
            }}
          >
            Show entry {fault.seq}
          </button>
        ) : null}
        <button
          type="button"
          className="button"
          data-testid="download-report"
          onClick={() => {
            saveTextFile(outcome.fileName, outcome.html, 'text/html');
          }}
        >
          Download HTML report
        </button>
      </div>
    </div>
  );
}
