import { useEffect, useRef, type ReactNode } from 'react';
import { refreshToken } from './api';
import { Header } from './components/Header';
import { Link } from './components/Link';
import { useSession } from './lib/hooks';
import { matchPath, navigate, useLocation, type Params } from './lib/router';
import { session } from './lib/session';
import { watchSessionEnd } from './lib/signout';
import { refreshDelay } from './lib/token';
import { AccountPage } from './pages/Account';
import { SignInPage, SignUpPage } from './pages/Auth';
import { BookingsPage, TicketPage } from './pages/Bookings';
import { AttendeesPage } from './pages/Attendees';
import { CheckInPage } from './pages/CheckIn';
import { CheckoutPage } from './pages/Checkout';
import { DoorPage } from './pages/Door';
import { EventBookingsPage } from './pages/EventBookings';
import { CreateEventPage, EditEventPage } from './pages/EventForm';
import { EventPage } from './pages/EventPage';
import { HomePage } from './pages/Home';
import { MyEventsPage } from './pages/MyEvents';
import { NotificationsPage } from './pages/Notifications';

interface Route {
  path: string;
  auth?: boolean;
  render: (params: Params) => ReactNode;
}

const routes: Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/events/:id', render: (p) => <EventPage key={p.id} id={p.id} /> },
  { path: '/events/:id/checkin', auth: true, render: (p) => <CheckInPage key={p.id} id={p.id} /> },
  { path: '/events/:id/attendees', auth: true, render: (p) => <AttendeesPage key={p.id} id={p.id} /> },
  { path: '/door', auth: true, render: () => <DoorPage /> },
  { path: '/signin', render: () => <SignInPage /> },
  { path: '/signup', render: () => <SignUpPage /> },
  { path: '/account', auth: true, render: () => <AccountPage /> },
  { path: '/bookings', auth: true, render: () => <BookingsPage /> },
  { path: '/bookings/:id', auth: true, render: (p) => <TicketPage key={p.id} id={p.id} /> },
  { path: '/checkout/:id', auth: true, render: (p) => <CheckoutPage key={p.id} id={p.id} /> },
  { path: '/notifications', auth: true, render: () => <NotificationsPage /> },
  { path: '/my-events', auth: true, render: () => <MyEventsPage /> },
  { path: '/my-events/new', auth: true, render: () => <CreateEventPage /> },
  { path: '/my-events/:id', auth: true, render: (p) => <EventBookingsPage key={p.id} id={p.id} /> },
  { path: '/my-events/:id/edit', auth: true, render: (p) => <EditEventPage key={p.id} id={p.id} /> },
];

function NotFound() {
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is nothing at this address. <Link to="/">Browse upcoming events</Link>.</p>
    </>
  );
}

function RedirectToSignIn({ next }: { next: string }) {
  useEffect(() => {
    navigate(`/signin?next=${encodeURIComponent(next)}`, { replace: true });
  }, [next]);
  return null;
}

/** Renews the token a few minutes before it expires, as long as the session lasts. */
function useTokenRenewal() {
  const current = useSession();
  useEffect(() => {
    if (!current) return;
    const timer = window.setTimeout(async () => {
      try {
        const result = await refreshToken();
        session.renew(result.token);
      } catch {
        // A refused refresh ends the session in the client; other failures leave it until it expires.
      }
    }, refreshDelay(current.claims));
    return () => window.clearTimeout(timer);
  }, [current]);
}

/** Shows the sign-in page, which says why, when the session ends on its own (a refused or expired token). */
function useSignInWhenSessionEnds() {
  useEffect(
    () => watchSessionEnd(session, () => window.location.pathname + window.location.search, (to) => navigate(to, { replace: true })),
    [],
  );
}

export function App() {
  const { path, href } = useLocation();
  const current = useSession();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useTokenRenewal();
  useSignInWhenSessionEnds();

  // After moving to another page, put focus on its heading so that screen
  // readers announce it and keyboard users start at the top.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);

  let page: ReactNode = <NotFound />;
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    page = route.auth && !current ? <RedirectToSignIn next={href} /> : route.render(params);
    break;
  }

  return (
    <>
      <a href="#main" className="skip-link">Skip to main content</a>
      <Header />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {page}
      </main>
      <footer className="site-footer">
        <p>eventbook · <a href="/api/docs/">API documentation</a></p>
      </footer>
    </>
  );
}
