// Global notifications (spec 2.2): one at a time, a new one replaces the
// current one, auto-dismissed after 3 s unless sticky.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { AlertIcon, CheckCircleIcon, CloseIcon, InfoIcon } from './icons';
import './Toast.css';

export type ToastType = 'success' | 'error' | 'info' | 'neutral';

export interface ToastOptions {
  /** Milliseconds before it closes by itself; 0 = stays until closed. */
  duration?: number;
  /** Skip this one if another toast is showing (a notice must not hide news). */
  unlessShowing?: boolean;
}

interface Toast {
  id: number;
  type: ToastType;
  message: string;
  duration: number;
}

export interface ToastApi {
  show: (type: ToastType, message: string, options?: ToastOptions) => void;
  success: (message: string, options?: ToastOptions) => void;
  error: (message: string, options?: ToastOptions) => void;
  info: (message: string, options?: ToastOptions) => void;
  neutral: (message: string, options?: ToastOptions) => void;
  dismiss: () => void;
}

export const TOAST_DURATION = 3000;

const ToastContext = createContext<ToastApi | null>(null);

const icons = { success: CheckCircleIcon, error: AlertIcon, info: InfoIcon, neutral: InfoIcon };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<Toast | null>(null);
  const nextId = useRef(1);

  const show = useCallback((type: ToastType, message: string, options?: ToastOptions) => {
    const next = { id: nextId.current++, type, message, duration: options?.duration ?? TOAST_DURATION };
    setToast((current) => (options?.unlessShowing && current ? current : next));
  }, []);
  const dismiss = useCallback(() => setToast(null), []);

  useEffect(() => {
    if (!toast || toast.duration <= 0) return;
    const timer = window.setTimeout(() => setToast((t) => (t?.id === toast.id ? null : t)), toast.duration);
    return () => window.clearTimeout(timer);
  }, [toast]);

  const value = useMemo<ToastApi>(
    () => ({
      show,
      dismiss,
      success: (m, o) => show('success', m, o),
      error: (m, o) => show('error', m, o),
      info: (m, o) => show('info', m, o),
      neutral: (m, o) => show('neutral', m, o),
    }),
    [show, dismiss],
  );

  const Icon = toast ? icons[toast.type] : null;
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region">
        {toast && Icon && (
          <div
            key={toast.id}
            className={`toast toast--${toast.type}`}
            role={toast.type === 'error' ? 'alert' : 'status'}
            aria-live={toast.type === 'error' ? 'assertive' : 'polite'}
            data-testid={`${toast.type}-notification`}
          >
            <Icon size={20} className="toast__icon" />
            <p className="toast__message">{toast.message}</p>
            <button type="button" className="toast__close" onClick={dismiss} aria-label="Dismiss notification">
              <CloseIcon size={16} />
            </button>
          </div>
        )}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const v = useContext(ToastContext);
  if (!v) throw new Error('useToast outside ToastProvider');
  return v;
}
