import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { CheckIcon, CloseIcon } from './icons';
import './toast.css';

type ToastTone = 'success' | 'info';
type ShowToast = (message: string, tone?: ToastTone) => void;

interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

const ToastContext = createContext<ShowToast | null>(null);
const visibleMs = 4000;

/** One brief confirmation at a time, outside the router so it survives navigation. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Toast | null>(null);
  const lastId = useRef(0);

  const show = useCallback<ShowToast>((message, tone = 'success') => {
    lastId.current += 1;
    setToast({ id: lastId.current, message, tone });
  }, []);

  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => {
      setToast((current) => (current?.id === toast.id ? null : current));
    }, visibleMs);
    return () => {
      clearTimeout(timer);
    };
  }, [toast]);

  return (
    <ToastContext value={show}>
      {children}
      {/* The live region exists before any toast does, so screen readers announce each one. */}
      <div className="toast-region" role="status" aria-live="polite">
        {toast ? (
          <div key={toast.id} className={`toast toast-${toast.tone}`} data-testid="toast">
            {toast.tone === 'success' ? <CheckIcon /> : null}
            <span className="toast-message">{toast.message}</span>
            <button
              type="button"
              className="icon-button toast-dismiss"
              aria-label="Dismiss notification"
              onClick={() => {
                setToast(null);
              }}
            >
              <CloseIcon />
            </button>
          </div>
        ) : null}
      </div>
    </ToastContext>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (show === null) throw new Error('useToast() needs a <ToastProvider> above it.');
  return show;
}
