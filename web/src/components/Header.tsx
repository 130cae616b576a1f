import type { ReactNode } from 'react';
import { Link } from './Link';
import { navigate, useLocation } from '../lib/router';
import { session } from '../lib/session';
import { useDoorEvents } from '../lib/door';
import { useSession } from '../lib/hooks';
import { useUnreadCount } from '../lib/unread';

function NavLink({ to, children, label }: { to: string; children: ReactNode; label?: string }) {
  const { path } = useLocation();
  const current = to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
  return (
    <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined} aria-label={label}>
      {children}
    </Link>
  );
}

export function Header() {
  const current = useSession();
  const unread = useUnreadCount(current !== null);
  const door = useDoorEvents(current?.user.id ?? null);

  function signOut() {
    session.end();
    navigate('/');
  }

  return (
    <header className="site-header">
      <div className="header-inner">
        <Link to="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" width="24" height="24" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="6" fill="#1d4ed8" />
            <path d="M8 10h16v4a3 3 0 0 0 0 6v4H8v-4a3 3 0 0 0 0-6z" fill="#fff" />
          </svg>
          eventbook
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li><NavLink to="/">Events</NavLink></li>
            {current ? (
              <>
                <li><NavLink to="/bookings">My bookings</NavLink></li>
                <li><NavLink to="/my-events">My events</NavLink></li>
                {door.length > 0 && <li><NavLink to="/door">Door</NavLink></li>}
                <li>
                  <NavLink to="/notifications" label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}>
                    Notifications
                    {unread > 0 && (
                      <span className="badge" data-testid="unread-badge" aria-hidden="true">
                        {unread > 99 ? '99+' : unread}
                      </span>
                    )}
                  </NavLink>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
        <div className="account">
          {current ? (
            <>
              <span className="signed-in-as">
                Signed in as <strong data-testid="current-user">{current.user.username}</strong>
              </span>
              <NavLink to="/account">Account</NavLink>
              <button type="button" className="button button-link" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <Link to="/signin" className="nav-link">Sign in</Link>
              <Link to="/signup" className="button button-small">Sign up</Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
