import { useEffect, useState } from 'react';
import { queueRoom, ApiError, type QueueRoom } from '../api';
import { formatDateTime, plural } from '../lib/format';
import { usePageVisible } from '../lib/hooks';
import { errorMessage } from '../lib/problem';
import { roomStatusText, ROOM_FIGURES_MS } from '../lib/queue';

/**
 * An event's waiting room as its organizer sees it: how many joined, wait
 * and were let in, and the pace; renewed every 5 s while the page is in view.
 */
export function WaitingRoomFigures({ eventId }: { eventId: string }) {
  const visible = usePageVisible();
  const [room, setRoom] = useState<QueueRoom | null>(null);
  const [nobody, setNobody] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!visible) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const load = async () => {
      try {
        const next = await queueRoom(eventId, controller.signal);
        if (controller.signal.aborted) return;
        setRoom(next);
        setNobody(false);
        setError(null);
      } catch (err) {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 404) {
          setRoom(null);
          setNobody(true);
          setError(null);
        } else {
          setError(err);
        }
      }
      timer = window.setTimeout(load, ROOM_FIGURES_MS);
    };
    void load();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [eventId, visible]);

  return (
    <section className="room-figures" aria-labelledby="room-figures-title" data-testid="room-figures">
      <h2 id="room-figures-title">Waiting room figures</h2>
      {room ? (
        <>
          <p className="meta" data-testid="room-status">
            {roomStatusText(room.status)} · joining from {formatDateTime(room.joinFrom)} · on sale {formatDateTime(room.onSaleAt)}
          </p>
          <dl className="facts facts-inline">
            <div><dt>Joined</dt><dd data-testid="room-joined">{room.joined.toLocaleString()}</dd></div>
            <div><dt>Waiting</dt><dd data-testid="room-waiting">{room.waiting.toLocaleString()}</dd></div>
            <div><dt>Let in</dt><dd data-testid="room-admitted">{room.admitted.toLocaleString()}</dd></div>
            <div>
              <dt>Letting in</dt>
              <dd data-testid="room-rate">
                {room.ratePerMinute.toLocaleString()} a minute{room.admitPerMinute == null ? ' (worked out from sales)' : ''}
              </dd>
            </div>
            <div><dt>Selling</dt><dd data-testid="room-sold-rate">{plural(room.soldPerMinute, 'seat')} a minute</dd></div>
            <div><dt>Seats left</dt><dd>{room.availableSeats.toLocaleString()}</dd></div>
          </dl>
        </>
      ) : nobody ? (
        <p className="muted" data-testid="room-empty">Nobody has joined the waiting room yet.</p>
      ) : error === null ? (
        <p className="loading"><span className="spinner" aria-hidden="true" />Loading the waiting room…</p>
      ) : null}
      {error !== null && <p className="notice notice-error">The waiting room’s figures could not be loaded: {errorMessage(error)}</p>}
    </section>
  );
}
