import { useRef, useState, type FormEvent } from 'react';
import { login, register, ApiError } from '../api';
import { ErrorSummary, TextField } from '../components/Field';
import { Link } from '../components/Link';
import { LiveMessage } from '../components/Status';
import { errorMessage, mapFieldErrors } from '../lib/problem';
import { navigate, safeNext, useLocation } from '../lib/router';
import { session } from '../lib/session';
import { useTitle } from '../lib/hooks';
import { validateSignIn, validateSignUp, type Errors, type SignUpField } from '../lib/validation';
import { refreshUnread } from '../lib/unread';

async function signIn(email: string, password: string, next: string) {
  const result = await login({ email: email.trim(), password });
  session.set(result.token, result.user);
  void refreshUnread();
  navigate(safeNext(next), { replace: true });
}

export function SignInPage() {
  useTitle('Sign in');
  const { search } = useLocation();
  const next = search.get('next') ?? '/';
  const [email, setEmail] = useState(search.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const [ended] = useState(() => session.endedReason);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateSignIn({ email, password });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      await signIn(email, password, next);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setFailure('The e-mail address or password is not right.');
      else setFailure(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <h1 tabIndex={-1}>Sign in</h1>
      {ended && <p className="notice notice-info" data-testid="session-ended">{ended}</p>}
      <ErrorSummary errors={errors} labels={{ email: 'E-mail', password: 'Password' }} summaryRef={summary} />
      <form onSubmit={submit} noValidate className="stack">
        <TextField id="email" label="E-mail" type="email" autoComplete="email" value={email} error={errors.email}
          onChange={(e) => setEmail(e.target.value)} />
        <TextField id="password" label="Password" type="password" autoComplete="current-password" value={password}
          error={errors.password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <LiveMessage message={failure} tone="error" />
      <p>New here? <Link to={`/signup${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link>.</p>
    </div>
  );
}

const signUpLabels: Record<SignUpField, string> = { username: 'Username', email: 'E-mail', password: 'Password' };

export function SignUpPage() {
  useTitle('Create an account');
  const { search } = useLocation();
  const next = search.get('next') ?? '/';
  const [values, setValues] = useState({ username: '', email: '', password: '' });
  const [errors, setErrors] = useState<Errors<SignUpField>>({});
  const [touched, setTouched] = useState<Partial<Record<SignUpField, boolean>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  function change(field: SignUpField, value: string) {
    const next = { ...values, [field]: value };
    setValues(next);
    // Once a field has been left, its message follows the typing.
    if (touched[field]) setErrors((prev) => ({ ...prev, [field]: validateSignUp(next)[field] }));
  }

  function blur(field: SignUpField) {
    setTouched((t) => ({ ...t, [field]: true }));
    if (values[field]) setErrors((prev) => ({ ...prev, [field]: validateSignUp(values)[field] }));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateSignUp(values);
    setErrors(found);
    setOther([]);
    setFailure(null);
    setTouched({ username: true, email: true, password: true });
    if (Object.keys(found).length) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      await register({ username: values.username.trim(), email: values.email.trim(), password: values.password });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.hasFieldErrors) {
        const mapped = mapFieldErrors(err.fieldErrors, ['username', 'email', 'password']);
        if (err.status === 409) {
          for (const f of Object.keys(mapped.fields) as SignUpField[]) mapped.fields[f] = `This ${f === 'email' ? 'e-mail address' : f} is already taken.`;
        }
        setErrors(mapped.fields);
        setOther(mapped.rest);
        requestAnimationFrame(() => summary.current?.focus());
      } else {
        setFailure(errorMessage(err));
      }
      return;
    }
    try {
      await signIn(values.email, values.password, next);
    } catch {
      setBusy(false);
      navigate(`/signin?email=${encodeURIComponent(values.email.trim())}&next=${encodeURIComponent(next)}`);
    }
  }

  return (
    <div className="narrow">
      <h1 tabIndex={-1}>Create an account</h1>
      <ErrorSummary errors={errors} labels={signUpLabels} other={other} summaryRef={summary} />
      <form onSubmit={submit} noValidate className="stack">
        <TextField id="username" label="Username" autoComplete="username" value={values.username} error={errors.username}
          hint="3 to 32 letters, digits, _ . or -" onChange={(e) => change('username', e.target.value)} onBlur={() => blur('username')} />
        <TextField id="email" label="E-mail" type="email" autoComplete="email" value={values.email} error={errors.email}
          onChange={(e) => change('email', e.target.value)} onBlur={() => blur('email')} />
        <TextField id="password" label="Password" type="password" autoComplete="new-password" value={values.password}
          error={errors.password} hint="At least 8 characters" onChange={(e) => change('password', e.target.value)} onBlur={() => blur('password')} />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>{busy ? 'Creating account…' : 'Create account'}</button>
      </form>
      <LiveMessage message={failure} tone="error" />
      <p>Already have an account? <Link to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>Sign in</Link>.</p>
    </div>
  );
}
