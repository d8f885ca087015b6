import { copyText } from '../../ui/save-file';
import { useToast } from '../../ui/toast';

/** Copies `text` and says so; a refused clipboard is said too, so nobody pastes stale text. */
export function CopyButton({
  text,
  label,
  what,
}: {
  text: string;
  /** The button's accessible name ("Copy fingerprint of Acme"). */
  label: string;
  /** What was copied, for the confirmation ("Fingerprint"). */
  what: string;
}) {
  const toast = useToast();
  return (
    <button
      type="button"
      className="button button-ghost copy-button"
      aria-label={label}
      title={label}
      onClick={() => {
        void copyText(text).then((copied) => {
          toast(
            copied ? `${what} copied.` : `${what} could not be copied; select it instead.`,
            copied ? 'success' : 'info',
          );
        });
      }}
    >
      Copy
    </button>
  );
}
