import { useId } from 'react';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import type { CharterAction, CharterActionId } from './charter-permissions';

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
export const saveShortcutLabel = isMac ? '⌘S' : 'Ctrl+S';

interface VersionActionsProps {
  version: CharterVersionSummary;
  actions: readonly CharterAction[];
  /** The action running now, if any: its button says so and the others wait. */
  busy: CharterActionId | null;
  dirty: boolean;
  onAction: (id: CharterActionId) => void;
}

function labelOf(id: CharterActionId, version: CharterVersionSummary, busy: boolean): string {
  switch (id) {
    case 'save':
      return busy ? 'Saving…' : 'Save';
    case 'submit':
      return busy ? 'Submitting…' : 'Submit for review';
    case 'return':
      return 'Return to draft';
    case 'approve':
      return 'Approve';
    case 'publish':
      return busy ? 'Publishing…' : 'Publish';
    case 'discard':
      return 'Discard draft';
    case 'newDraft':
      return busy ? 'Starting…' : `New draft from version ${String(version.version)}`;
    case 'exportOdrl':
      return busy ? 'Exporting…' : 'Export ODRL';
  }
}

function isPrimary(id: CharterActionId, dirty: boolean): boolean {
  if (id === 'save') return dirty;
  if (id === 'submit') return !dirty;
  return id === 'approve' || id === 'publish' || id === 'newDraft';
}

/**
 * The lifecycle buttons for the version's status. A button that cannot be used is disabled
 * and says why in words beside it (a disabled button cannot be focused to show a tooltip).
 */
export function VersionActions({ version, actions, busy, dirty, onAction }: VersionActionsProps) {
  const id = useId();
  const reasons = [...new Set(actions.flatMap((action) => action.blockedBy ?? []))];
  const reasonId = (reason: string) => `${id}-reason-${String(reasons.indexOf(reason))}`;
  return (
    <div className="charter-actions">
      <div className="charter-actions-row" role="group" aria-label="Version actions">
        {actions.map((action) => {
          const disabled =
            action.blockedBy !== null || busy !== null || (action.id === 'save' && !dirty);
          const danger = action.id === 'discard';
          return (
            <button
              key={action.id}
              type="button"
              className={[
                'button',
                isPrimary(action.id, dirty) ? 'button-primary' : '',
                danger ? 'charter-danger-button' : '',
              ]
                .join(' ')
                .trim()}
              disabled={disabled}
              aria-describedby={action.blockedBy ? reasonId(action.blockedBy) : undefined}
              aria-keyshortcuts={
                action.id === 'save' ? (isMac ? 'Meta+S' : 'Control+S') : undefined
              }
              data-action={action.id}
              onClick={() => {
                onAction(action.id);
              }}
            >
              {labelOf(action.id, version, busy === action.id)}
            </button>
          );
        })}
        {dirty ? (
          <span className="charter-unsaved" role="status">
            Unsaved changes · <kbd>{saveShortcutLabel}</kbd> saves
          </span>
        ) : null}
      </div>
      {reasons.length > 0 ? (
        <ul className="charter-reasons">
          {reasons.map((reason) => (
            <li key={reason} id={reasonId(reason)}>
              {reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
