import { useEffect, useRef, useState } from 'react';

/**
 * A button that asks before acting: the first press shows the question with
 * "yes" and "no" buttons (focus moves to "no", Escape closes it).
 */
export function ConfirmAction({ label, question, confirmLabel, cancelLabel = 'Keep it', onConfirm, busy, busyLabel = 'Working…', danger = true }: {
  label: string;
  question: string;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  busy?: boolean;
  /** The button's text while `busy`. */
  busyLabel?: string;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const noRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) noRef.current?.focus();
    else if (wasAsking.current) openRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" ref={openRef} className={danger ? 'button button-danger-outline' : 'button button-secondary'}
        onClick={() => setAsking(true)} disabled={busy} aria-busy={busy}>
        {busy ? busyLabel : label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={question}
      onKeyDown={(e) => { if (e.key === 'Escape') setAsking(false); }}>
      <p className="confirm-question">{question}</p>
      <div className="button-row">
        <button type="button" className={danger ? 'button button-danger' : 'button'}
          onClick={() => { setAsking(false); onConfirm(); }}>
          {confirmLabel}
        </button>
        <button type="button" ref={noRef} className="button button-secondary" onClick={() => setAsking(false)}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
