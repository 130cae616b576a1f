import { useState } from 'react';
import { markAllRead, markRead, notifications, type Notification } from '../api';
import { Link } from '../components/Link';
import { Empty, ErrorBox, LiveMessage, LoadMore, Loading } from '../components/Status';
import { formatDateTime, formatRelative } from '../lib/format';
import { notificationDeadline, notificationLink } from '../lib/notifications';
import { usePaged, useTitle } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { replaceRow } from '../lib/pagination';
import { refreshUnread, setUnread, useUnreadCount } from '../lib/unread';

export function NotificationsPage() {
  useTitle('Notifications');
  const unread = useUnreadCount(true);
  const list = usePaged(async (cursor, signal) => {
    const page = await notifications(cursor, { limit: 20 }, signal);
    if (!cursor) setUnread(page.unreadCount);
    return page;
  }, []);
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'error' } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function readOne(n: Notification) {
    setBusy(n.id);
    try {
      const updated = await markRead(n.id);
      list.setItems((items) => replaceRow(items, updated));
      setMessage({ text: `Marked “${n.title}” as read.`, tone: 'success' });
      await refreshUnread();
    } catch (err) {
      setMessage({ text: errorMessage(err), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  async function readAll() {
    setBusy('all');
    try {
      const result = await markAllRead();
      const now = new Date().toISOString();
      list.setItems((items) => items.map((n) => (n.read ? n : { ...n, read: true, readAt: now })));
      setUnread(result.unreadCount);
      setMessage({ text: result.updated === 1 ? 'Marked 1 notification as read.' : `Marked ${result.updated} notifications as read.`, tone: 'success' });
    } catch (err) {
      setMessage({ text: errorMessage(err), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1}>Notifications</h1>
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={list.reload}>Refresh</button>
          <button type="button" className="button" onClick={readAll} disabled={unread === 0 || busy !== null}>
            Mark all read
          </button>
        </div>
      </div>
      <p className="muted">{unread === 0 ? 'Nothing unread.' : `${unread} unread.`}</p>
      <LiveMessage message={message?.text ?? null} tone={message?.tone} />
      {list.loading ? (
        <Loading label="Loading notifications…" />
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : list.items.length === 0 ? (
        <Empty><p>No notifications yet. Booking confirmations and event changes appear here.</p></Empty>
      ) : (
        <>
          <ul className="stack-list" data-testid="notification-list">
            {list.items.map((n) => (
              <li key={n.id} className={n.read ? 'card notification' : 'card notification unread'} data-testid="notification-item"
                data-type={n.type}>
                <div className="notification-head">
                  <h2 className="card-title">
                    {!n.read && <span className="dot" aria-hidden="true" />}
                    {!n.read && <span className="visually-hidden">Unread: </span>}
                    {n.title}
                  </h2>
                  <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)} className="meta">{formatRelative(n.createdAt)}</time>
                </div>
                <p>{n.body}</p>
                <div className="button-row">
                  <NotificationAction notification={n} />
                  {!n.read && (
                    <button type="button" className="button button-small button-secondary" onClick={() => readOne(n)}
                      disabled={busy !== null}>
                      Mark read<span className="visually-hidden">: {n.title}</span>
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
        </>
      )}
    </>
  );
}

/** Where the notification leads: its event, or for seats offered from the waitlist, the page that confirms them. */
function NotificationAction({ notification: n }: { notification: Notification }) {
  const link = notificationLink(n);
  if (!link) return null;
  const deadline = notificationDeadline(n);
  return (
    <>
      <Link to={link.to} className={link.action ? 'button button-small' : undefined} data-testid="notification-link">
        {link.label}<span className="visually-hidden">: {n.title}</span>
      </Link>
      {deadline && <span className="meta" data-testid="notification-deadline">{deadline}</span>}
    </>
  );
}
