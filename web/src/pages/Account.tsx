import { useState } from 'react';
import { revokeAllTokens } from '../api';
import { ConfirmAction } from '../components/ConfirmAction';
import { LiveMessage } from '../components/Status';
import { useSession, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { session } from '../lib/session';
import { signOutEverywhere, signOutEverywhereFailure } from '../lib/signout';

export function AccountPage() {
  useTitle('Your account');
  const current = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function everywhere() {
    setBusy(true);
    setFailure(null);
    try {
      await signOutEverywhere(revokeAllTokens, session, (to) => navigate(to, { replace: true }));
    } catch (err) {
      setBusy(false);
      // A refused token has ended the session already, and the sign-in page says why.
      if (session.get()) setFailure(signOutEverywhereFailure(err));
    }
  }

  if (!current) return null;
  return (
    <div className="narrow">
      <h1 tabIndex={-1}>Your account</h1>
      <dl className="facts">
        <div><dt>Username</dt><dd>{current.user.username}</dd></div>
        {current.user.email && <div><dt>E-mail</dt><dd>{current.user.email}</dd></div>}
      </dl>
      <section className="card" aria-labelledby="everywhere-title">
        <h2 id="everywhere-title">Sign out everywhere</h2>
        <p>
          Signs you out on every device, including this one. Use it if you signed in on a shared computer or think
          your password was seen.
        </p>
        <ConfirmAction label="Sign out everywhere" question="Sign out on every device, including this one?"
          confirmLabel="Yes, sign out everywhere" cancelLabel="Stay signed in" onConfirm={() => void everywhere()}
          busy={busy} busyLabel="Signing out…" />
        <LiveMessage message={failure} tone="error" />
      </section>
    </div>
  );
}
