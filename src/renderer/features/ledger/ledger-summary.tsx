import type { LedgerOverview } from '../../../shared/domain/ledger';
import { formatCount, formatRelative } from '../../ui/format';
import { useNow } from '../../ui/use-now';

/** The figures an auditor notes first: size, root, the last signed checkpoint and the key. */
export function LedgerSummary({ overview }: { overview: LedgerOverview }) {
  const now = useNow();
  const latest = overview.latestCheckpoint;
  const uncovered = latest ? overview.size - latest.size : overview.size;
  return (
    <dl className="ledger-summary" data-testid="ledger-summary">
      <div className="ledger-figure">
        <dt>Entries</dt>
        <dd data-testid="ledger-size">{formatCount(overview.size)}</dd>
      </div>
      <div className="ledger-figure">
        <dt>Tree root</dt>
        <dd className="cell-mono" title={overview.root}>
          {overview.root.slice(0, 16)}…
        </dd>
      </div>
      <div className="ledger-figure">
        <dt>Latest signed checkpoint</dt>
        <dd>
          {latest ? (
            <>
              size {formatCount(latest.size)} ·{' '}
              <time dateTime={latest.recordedAt}>{formatRelative(latest.recordedAt, now)}</time>
              {uncovered > 0 ? (
                <span className="ledger-uncovered">
                  {' '}
                  · {formatCount(uncovered)} newer {uncovered === 1 ? 'entry' : 'entries'} not yet
                  signed
                </span>
              ) : null}
            </>
          ) : (
            'none yet'
          )}
        </dd>
      </div>
      <div className="ledger-figure">
        <dt>Signing key</dt>
        <dd className="cell-mono" title={overview.key?.vkey}>
          {overview.key ? overview.key.fingerprint : 'no key registered'}
        </dd>
      </div>
    </dl>
  );
}
