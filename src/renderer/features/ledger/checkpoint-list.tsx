import { useState } from 'react';
import type { CheckpointInfo } from '../../../shared/domain/ledger';
import { EmptyState } from '../../ui/empty-state';
import { formatCount, formatDateTime } from '../../ui/format';

const sourceLabels: Record<CheckpointInfo['source'], string> = {
  self: 'Signed here',
  sent: 'Sent to a partner',
  received: 'Received',
};

/** Every checkpoint this node keeps, newest first; a row opens its signed note. */
export function CheckpointList({ checkpoints }: { checkpoints: readonly CheckpointInfo[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (checkpoints.length === 0) {
    return (
      <EmptyState title="No checkpoints yet">
        A checkpoint is signed when the workspace is created, on export, and on request.
      </EmptyState>
    );
  }
  return (
    <div className="checkpoint-scroll">
      <table className="data-table checkpoint-table" data-testid="checkpoint-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Size</th>
            <th scope="col">Root (base64)</th>
            <th scope="col">Source</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((checkpoint) => (
            <CheckpointRow
              key={checkpoint.id}
              checkpoint={checkpoint}
              open={open === checkpoint.id}
              onToggle={() => {
                setOpen(open === checkpoint.id ? null : checkpoint.id);
              }}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckpointRow({
  checkpoint,
  open,
  onToggle,
}: {
  checkpoint: CheckpointInfo;
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <>
      <tr
        className="data-table-row"
        tabIndex={0}
        aria-expanded={open}
        data-testid="checkpoint-row"
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            onToggle();
          }
        }}
      >
        <td className="cell-mono">{checkpoint.id}</td>
        <td>{formatCount(checkpoint.size)}</td>
        <td className="cell-mono" title={checkpoint.root}>
          {checkpoint.root}
        </td>
        <td>{sourceLabels[checkpoint.source]}</td>
        <td>
          <time dateTime={checkpoint.recordedAt}>{formatDateTime(checkpoint.recordedAt)}</time>
        </td>
      </tr>
      {open ? (
        <tr className="checkpoint-note-row">
          <td colSpan={5}>
            <pre className="code-block" tabIndex={0}>
              {checkpoint.note}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
