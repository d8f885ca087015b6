import type { CharterContent } from '../../../shared/domain/charter';
import type { GrantRemediationInput } from '../../../shared/domain/charter-remediation';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import type { RpcError } from '../../api/client';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { ApproveDialog } from './approve-dialog';
import { NoteDialog } from './note-dialog';

export type LifecycleDialog = 'publish' | 'discard' | 'return' | 'approve';

interface LifecycleDialogsProps {
  open: LifecycleDialog | null;
  version: CharterVersionSummary;
  /** The version's content: approval judges the grants against it. */
  content: CharterContent;
  /** The published version this one would supersede. */
  governingVersion: number | null;
  dirty: boolean;
  onClose: () => void;
  onPublish: () => void;
  onDiscard: () => void;
  onApprove: (note: string, remediations: GrantRemediationInput[]) => Promise<RpcError | null>;
  onReturn: (reason: string) => Promise<RpcError | null>;
}

/** The questions a lifecycle step asks before it runs. */
export function LifecycleDialogs({
  open,
  version,
  content,
  governingVersion,
  dirty,
  onClose,
  onPublish,
  onDiscard,
  onApprove,
  onReturn,
}: LifecycleDialogsProps) {
  const n = String(version.version);
  switch (open) {
    case null:
      return null;
    case 'publish':
      return (
        <ConfirmDialog
          title={`Publish version ${n}?`}
          message={[
            `Version ${n} becomes the binding charter: the catalog and partners are held to it from now on.`,
            'A published version is immutable; later changes need a new draft.',
            governingVersion === null
              ? 'It is the first published version.'
              : `It supersedes version ${String(governingVersion)}, which stays in the history as superseded.`,
          ].join(' ')}
          confirmLabel={`Publish version ${n}`}
          cancelLabel="Not yet"
          onConfirm={() => {
            onClose();
            onPublish();
          }}
          onCancel={onClose}
        />
      );
    case 'discard':
      return (
        <ConfirmDialog
          title={`Discard draft version ${n}?`}
          message={`The draft${dirty ? ' and your unsaved changes' : ''} will be deleted. The ledger keeps the record that it existed; this cannot be undone.`}
          confirmLabel={`Discard version ${n}`}
          cancelLabel="Keep the draft"
          tone="danger"
          onConfirm={() => {
            onClose();
            onDiscard();
          }}
          onCancel={onClose}
        />
      );
    case 'approve':
      return (
        <ApproveDialog version={version} charter={content} onSubmit={onApprove} onClose={onClose} />
      );
    case 'return':
      return (
        <NoteDialog
          title={`Return version ${n} to draft?`}
          description="The authors can edit it again and must submit it for review anew. Say what needs to change; the reason is shown with the draft and kept in the ledger."
          label="Reason"
          requiredMessage="Say what needs to change"
          confirmLabel={`Return version ${n} to draft`}
          onSubmit={onReturn}
          onClose={onClose}
        />
      );
  }
}
