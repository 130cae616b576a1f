import { useState, type FormEvent } from 'react';
import { searchEvents, type EventSearch } from '../api';
import { EventCard } from '../components/EventCard';
import { TextField } from '../components/Field';
import { Empty, ErrorBox, LoadMore, Loading } from '../components/Status';
import { buildQuery } from '../lib/pagination';
import { navigate, useLocation } from '../lib/router';
import { usePaged, useTitle } from '../lib/hooks';
import { plural } from '../lib/format';

const PAGE_SIZE = 12;

function readSearch(search: URLSearchParams): EventSearch {
  return {
    q: search.get('q') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    location: search.get('location') ?? '',
    seatsLeft: search.get('seatsLeft') === 'true',
  };
}

export function HomePage() {
  useTitle('Upcoming events');
  const { search, href } = useLocation();
  const query = readSearch(search);
  const [form, setForm] = useState(query);
  const [formError, setFormError] = useState<string | null>(null);
  const [lastHref, setLastHref] = useState(href);
  if (href !== lastHref) {
    // Back/forward to another search: show its values in the form.
    setLastHref(href);
    setForm(query);
  }

  const list = usePaged(
    (cursor, signal) => searchEvents({ ...query, limit: PAGE_SIZE, cursor }, signal),
    [href],
  );
  const filtered = Boolean(query.q || query.from || query.to || query.location || query.seatsLeft);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (form.from && form.to && form.to < form.from) {
      setFormError('The "to" date must not be before the "from" date.');
      return;
    }
    setFormError(null);
    navigate(`/${buildQuery({ q: form.q, from: form.from, to: form.to, location: form.location, seatsLeft: form.seatsLeft })}`);
  }

  function clear() {
    setFormError(null);
    setForm({ q: '', from: '', to: '', location: '', seatsLeft: false });
    navigate('/');
  }

  return (
    <>
      <h1 tabIndex={-1}>Upcoming events</h1>
      <div role="search" className="search-panel">
        <form onSubmit={submit} aria-label="Search events" noValidate>
          <div className="search-grid">
            <TextField id="q" required={false} label="Search" type="search" value={form.q ?? ''} placeholder="Title, description or place"
              onChange={(e) => setForm({ ...form, q: e.target.value })} />
            <TextField id="location" required={false} label="Location" value={form.location ?? ''}
              onChange={(e) => setForm({ ...form, location: e.target.value })} />
            <TextField id="from" required={false} label="From" type="date" value={form.from ?? ''}
              onChange={(e) => setForm({ ...form, from: e.target.value })} />
            <TextField id="to" required={false} label="To" type="date" value={form.to ?? ''} min={form.from || undefined}
              error={formError ?? undefined}
              onChange={(e) => setForm({ ...form, to: e.target.value })} />
          </div>
          <div className="search-actions">
            <label className="checkbox">
              <input type="checkbox" checked={Boolean(form.seatsLeft)} onChange={(e) => setForm({ ...form, seatsLeft: e.target.checked })} />
              Only with seats left
            </label>
            <div className="button-row">
              <button type="submit" className="button">Search</button>
              {filtered && <button type="button" className="button button-secondary" onClick={clear}>Clear</button>}
            </div>
          </div>
        </form>
      </div>

      <section aria-labelledby="results-title" aria-busy={list.loading}>
        <h2 id="results-title" className="visually-hidden">Results</h2>
        {list.loading ? (
          <Loading label="Loading events…" />
        ) : list.error ? (
          <ErrorBox error={list.error} onRetry={list.reload} />
        ) : list.items.length === 0 ? (
          <Empty>
            {filtered ? <p>No events match your search. Try fewer words or a wider date range.</p> : <p>No upcoming events yet.</p>}
          </Empty>
        ) : (
          <>
            <p className="result-count" role="status">
              Showing {plural(list.items.length, 'event')}{list.hasMore ? ' (more available)' : ''}
            </p>
            <ul className="card-grid" data-testid="event-list">
              {list.items.map((event) => <EventCard key={event.id} event={event} />)}
            </ul>
            <LoadMore hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          </>
        )}
      </section>
    </>
  );
}
