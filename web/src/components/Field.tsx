import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface Common {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  optional?: boolean;
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Frame({ id, label, error, hint, optional, children }: Common & { children: ReactNode }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ id, label, error, hint, optional, required, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} optional={optional}>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        required={(required ?? !optional) || undefined}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({ id, label, error, hint, optional, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} optional={optional}>
      <textarea
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </Frame>
  );
}

/** A checkbox with its label beside it and a one-line explanation below. */
export function CheckboxField({ id, label, error, hint, ...input }: Omit<Common, 'optional'> & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <div className="checkbox-field">
        <input id={id} name={id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  );
}

export function SelectField({ id, label, error, hint, optional, children, ...input }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Frame id={id} label={label} error={error} hint={hint} optional={optional}>
      <select id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input}>
        {children}
      </select>
    </Frame>
  );
}

/** A list of a form's problems with links to the fields, shown (and focused) after a failed submit. */
export function ErrorSummary({ errors, labels, other, summaryRef }: {
  errors: Record<string, string | undefined>;
  labels: Record<string, string>;
  other?: string[];
  summaryRef?: Ref<HTMLDivElement>;
}) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0 && !other?.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">Please check the form</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`} onClick={(e) => { e.preventDefault(); document.getElementById(field)?.focus(); }}>
              {labels[field] ?? field}: {message}
            </a>
          </li>
        ))}
        {other?.map((message) => <li key={message}>{message}</li>)}
      </ul>
    </div>
  );
}
