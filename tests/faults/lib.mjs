// What the fault tests share: a client of the public API, a booking flood
// that retries each key until it has an answer, the checks that nothing it was
// told was lost, a watch on every process's /readyz, and a TCP link whose
// delay and cut the test controls. Node 20, nothing else.

import net from "node:net";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const t0 = performance.now();
export const now = () => performance.now();
export const seconds = (ms) => (ms / 1000).toFixed(1);
export const log = (text) => console.log(`[${seconds(now() - t0).padStart(6)}s] ${text}`);

const retryable = new Set([502, 503, 504]);

export function client(base, { timeoutMs = 35_000 } = {}) {
  return async function api(method, path, { token, body, headers = {} } = {}) {
    const response = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // nginx's own pages are JSON too; anything else stays text.
    }
    return { status: response.status, json, text };
  };
}

// A call that must succeed, retried while the system answers 502/503/504 or
// not at all (a fault may be under way), up to `budgetMs`.
export async function must(api, method, path, options, expected, budgetMs = 60_000) {
  const deadline = now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    let answer;
    try {
      answer = await api(method, path, options);
    } catch (error) {
      answer = { status: 0, text: String(error) };
    }
    if (answer.status === expected) return answer.json;
    if ((answer.status !== 0 && !retryable.has(answer.status)) || now() > deadline) {
      throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    await sleep(Math.min(1000, 100 * (attempt + 1)));
  }
}

export async function newUser(api, name, runId) {
  const username = `${name}_${runId}`.slice(0, 32);
  const email = `${name}-${runId}@example.com`;
  const password = `pw-${runId}-${name}`;
  await must(api, "POST", "/api/users/register", { body: { username, email, password } }, 201);
  const login = await must(api, "POST", "/api/users/login", { body: { email, password } }, 200);
  return { token: login.token, id: login.user.id, name };
}

// Clients booking 1 or 2 seats at a time, each request with a new
// Idempotency-Key retried on 502/503/504 and network errors until it has an
// answer. Events of `capacity` seats are made as they sell out, so that seats
// are both sold and sold out (the race for the last ones) during the fault.
export class Flood {
  constructor({ api, organizer, attendees, capacity = 200, runId, label, keyBudgetMs = 90_000 }) {
    Object.assign(this, { api, organizer, attendees, capacity, runId, label, keyBudgetMs });
    this.events = []; // promises of event ids, in order
    this.current = 0;
    this.booked = new Map(); // bookingId -> {seats, owner, key, eventId}
    this.keyAnswers = new Map();
    this.stats = { requests: 0, created: 0, soldOut: 0, retries: 0, retryStatuses: {}, errors: 0, gaveUp: 0 };
    this.violations = [];
    this.created201 = []; // times of the 201s
    this.stopping = false;
  }

  violation(text) {
    this.violations.push(text);
    console.error(`VIOLATION: ${text}`);
  }

  event(index) {
    while (this.events.length <= index) {
      const n = this.events.length;
      this.events.push(
        must(
          this.api,
          "POST",
          "/api/events",
          {
            token: this.organizer.token,
            body: {
              title: `${this.label} ${this.runId} #${n + 1}`,
              date: "2030-06-15",
              location: "Test Hall",
              availableSeats: this.capacity,
            },
          },
          201,
          120_000,
        ).then((created) => created.eventId),
      );
    }
    return this.events[index];
  }

  async bookOnce(clientIndex, user, n) {
    const index = this.current;
    const eventId = await this.event(index);
    const key = `fault-${this.runId}-${this.label}-${clientIndex}-${n}`;
    const seats = 1 + ((clientIndex + n) % 2);
    const deadline = now() + this.keyBudgetMs;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await sleep(Math.min(1000, 100 * attempt) + Math.random() * 100);
      }
      if (now() > deadline) {
        this.stats.gaveUp++;
        this.violation(`key ${key} still had no answer after ${this.keyBudgetMs / 1000}s`);
        return;
      }
      this.stats.requests++;
      let answer;
      try {
        answer = await this.api("POST", "/api/bookings", {
          token: user.token,
          body: { eventId, seats },
          headers: { "Idempotency-Key": key },
        });
      } catch {
        this.stats.retryStatuses.network = (this.stats.retryStatuses.network ?? 0) + 1;
        continue;
      }
      if (answer.status === 201) {
        const id = answer.json?.bookingId;
        const earlier = this.keyAnswers.get(key);
        if (earlier && earlier !== id) this.violation(`key ${key} answered two bookings: ${earlier} and ${id}`);
        this.keyAnswers.set(key, id);
        if (!this.booked.has(id)) {
          this.stats.created++;
          this.created201.push(now());
        }
        this.booked.set(id, { seats, owner: user, key, eventId });
        return;
      }
      if (answer.status === 409) {
        this.stats.soldOut++;
        if (this.current === index) this.current = index + 1;
        return;
      }
      if (retryable.has(answer.status)) {
        this.stats.retryStatuses[answer.status] = (this.stats.retryStatuses[answer.status] ?? 0) + 1;
        continue;
      }
      this.stats.errors++;
      this.violation(`key ${key}: unexpected ${answer.status} ${answer.text.slice(0, 200)}`);
      return;
    }
  }

  start() {
    this.startedAt = now();
    this.running = Promise.all(
      this.attendees.map(async (user, clientIndex) => {
        for (let n = 0; !this.stopping; n++) await this.bookOnce(clientIndex, user, n);
      }),
    );
  }

  async stop() {
    this.stopping = true;
    await this.running;
    this.stoppedAt = now();
  }

  // The longest time without a 201 between `from` and the end of the load.
  longestGap(from) {
    let last = from;
    let gap = 0;
    for (const t of this.created201) {
      if (t < from) continue;
      gap = Math.max(gap, t - last);
      last = t;
    }
    return Math.max(gap, this.stoppedAt - last);
  }

  firstCreatedAfter(t) {
    return this.created201.find((created) => created >= t);
  }
}

// The items of every page of `path` (a list answering {items, nextCursor})
// as `user` sees it, until `enough(page)` says the rest is not wanted.
async function allPages(api, user, path, enough = () => false) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page = await must(
      api,
      "GET",
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token: user.token },
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (enough(page)) break;
  } while (cursor);
  return items;
}

// Every booking of `user` created since `since` (ms since the epoch): the
// list is newest first, so the pages stop at the first older one.
async function bookingsSince(api, user, since) {
  const older = (page) => page.items.length > 0 && Date.parse(page.items.at(-1).createdAt) < since;
  const items = await allPages(api, user, "/api/bookings", older);
  return items.filter((b) => Date.parse(b.createdAt) >= since);
}

// The unread booking notifications of `user`.
async function unreadBookingNotices(api, user) {
  const items = await allPages(api, user, "/api/notifications?unread=true");
  return items.filter((n) => n.type === "booking.confirmed");
}

// Checks what the flood was told against what the system holds, once it has
// settled (up to `graceMs`):
//   - every booking answered 201 is confirmed with the seats asked (lost: 0);
//   - no booking of the flood's events stays pending;
//   - per event, capacity - availableSeats == the confirmed bookings' seats,
//     never below zero (oversold: 0);
//   - a confirmed booking nobody was answered 201 for only where a key was
//     given up on (no double booking);
//   - every confirmed booking's owner has exactly one "booking confirmed"
//     notification for it, and there is none for any other booking (each
//     message applied exactly once). The notifications are then marked read,
//     so that a late duplicate shows in the next check.
// Returns the figures.
export async function verify(flood, { since, graceMs = 90_000 }) {
  const { api, attendees } = flood;
  const eventIds = new Set(await Promise.all(flood.events));
  const mine = (b) => eventIds.has(b.eventId);
  const graceStart = now();
  let all;
  for (;;) {
    all = (await Promise.all(attendees.map((user) => bookingsSince(api, user, since - 60_000)))).flat().filter(mine);
    if (!all.some((b) => b.status === "pending") || now() - graceStart > graceMs) break;
    await sleep(500);
  }
  const settledMs = now() - graceStart;
  const pending = all.filter((b) => b.status === "pending");
  if (pending.length > 0) {
    flood.violation(`${pending.length} booking(s) still pending after ${graceMs / 1000}s: ${pending.slice(0, 5).map((b) => b.id)}`);
  }
  const byId = new Map(all.map((b) => [b.id, b]));
  let lost = 0;
  for (const [id, { seats }] of flood.booked) {
    const booking = byId.get(id);
    if (!booking || booking.status !== "confirmed" || booking.seats !== seats) {
      lost++;
      flood.violation(`booking ${id} was answered 201 but is ${booking ? `${booking.status}, ${booking.seats} seat(s)` : "gone"}`);
    }
  }
  const confirmed = all.filter((b) => b.status === "confirmed");
  const extra = confirmed.filter((b) => !flood.booked.has(b.id));
  if (extra.length > flood.stats.gaveUp) {
    flood.violation(`${extra.length} confirmed booking(s) no client was answered 201 for: ${extra.slice(0, 5).map((b) => b.id)}`);
  }
  let oversold = 0;
  for (const eventId of eventIds) {
    const event = await must(api, "GET", `/api/events/${eventId}`, {}, 200);
    const seats = confirmed.filter((b) => b.eventId === eventId).reduce((sum, b) => sum + b.seats, 0);
    oversold += Math.max(0, seats - event.capacity);
    if (event.availableSeats < 0) flood.violation(`event ${eventId}: availableSeats ${event.availableSeats}`);
    if (event.capacity - event.availableSeats !== seats) {
      flood.violation(`event ${eventId}: capacity ${event.capacity} - available ${event.availableSeats}, but its confirmed bookings hold ${seats} seats`);
    }
  }
  // Each confirmed booking's notice, exactly once.
  const confirmedIds = new Set(confirmed.map((b) => b.id));
  let notices;
  const noticeStart = now();
  for (;;) {
    notices = (await Promise.all(attendees.map((user) => unreadBookingNotices(api, user)))).flat();
    const noticed = new Set(notices.map((n) => n.data?.bookingId));
    if ([...confirmedIds].every((id) => noticed.has(id)) || now() - noticeStart > graceMs) break;
    await sleep(500);
  }
  const noticeMs = now() - noticeStart;
  const count = new Map();
  for (const n of notices) count.set(n.data?.bookingId, (count.get(n.data?.bookingId) ?? 0) + 1);
  let duplicates = 0;
  let missing = 0;
  for (const id of confirmedIds) {
    const c = count.get(id) ?? 0;
    if (c === 0) missing++;
    if (c > 1) duplicates += c - 1;
  }
  const strays = [...count.keys()].filter((id) => !confirmedIds.has(id));
  if (missing > 0) flood.violation(`${missing} confirmed booking(s) without a notification after ${graceMs / 1000}s`);
  if (duplicates > 0) flood.violation(`${duplicates} duplicate booking notification(s)`);
  if (strays.length > 0) flood.violation(`${strays.length} notification(s) for bookings not confirmed here: ${strays.slice(0, 5)}`);
  await Promise.all(attendees.map((user) => must(api, "POST", "/api/notifications/read-all", { token: user.token }, 200)));
  return {
    requests: flood.stats.requests,
    created: flood.stats.created,
    confirmed: confirmed.length,
    lost,
    oversold,
    duplicates,
    events: eventIds.size,
    settledMs,
    noticeMs,
  };
}

// Polls /readyz of each process every `intervalMs`: status 0 when it does not answer.
export class ReadyWatch {
  constructor(targets, intervalMs = 200) {
    this.targets = targets; // [{name, url}]
    this.intervalMs = intervalMs;
    this.samples = new Map(targets.map((t) => [t.name, []]));
  }

  start() {
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        await Promise.all(
          this.targets.map(async ({ name, url }) => {
            const t = now();
            let status = 0;
            let checks = {};
            try {
              const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
              status = response.status;
              checks = (await response.json()).checks ?? {};
            } catch {
              // not answering: status 0
            }
            this.samples.get(name).push({ t, status, checks });
          }),
        );
        await sleep(this.intervalMs);
      }
    })();
  }

  async stop() {
    this.stopped = true;
    await this.loop;
  }

  // Whether `name` said it was not ready, and why, between `from` and `to`.
  saidNotReady(name, from, to, check) {
    return this.samples
      .get(name)
      .some((s) => s.t >= from && s.t <= to && s.status === 503 && (!check || (s.checks[check] ?? "ok") !== "ok"));
  }

  // Whether `name` said it was ready while it was not, between `from` and `to`.
  saidReady(name, from, to) {
    return this.samples.get(name).some((s) => s.t >= from && s.t <= to && s.status === 200);
  }

  // When every process answered 200 from then on, after `from` (null if never).
  allReadySince(from) {
    let latest = from;
    for (const samples of this.samples.values()) {
      const after = samples.filter((s) => s.t >= from);
      const lastBad = after.findLastIndex((s) => s.status !== 200);
      if (lastBad === after.length - 1) return null;
      if (lastBad >= 0) latest = Math.max(latest, after[lastBad + 1].t);
    }
    return latest;
  }
}

// A TCP link to 127.0.0.1:`targetPort` that the test can slow down (`delayMs`
// each way) or cut (`cut = true`: nothing passes either way, as in a network
// partition — connections stay open, bytes wait, new connections are accepted
// and wait too; what waited passes once the link is back, unless its sender
// gave up and closed meanwhile).
export class Link {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.delayMs = 0;
    this.cut = false;
    this.sockets = new Set();
  }

  async listen() {
    this.server = net.createServer((inbound) => {
      const outbound = net.connect(this.targetPort, "127.0.0.1");
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on("error", () => {});
        socket.on("close", () => {
          this.sockets.delete(socket);
          inbound.destroy();
          outbound.destroy();
        });
      }
      this.pump(inbound, outbound);
      this.pump(outbound, inbound);
    });
    await new Promise((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this.server.address().port;
  }

  pump(from, to) {
    const queue = [];
    let timer = null;
    const flush = () => {
      timer = null;
      const t = Date.now();
      while (queue.length > 0 && !this.cut && queue[0].at <= t) to.write(queue.shift().chunk);
      if (queue.length > 0) timer = setTimeout(flush, this.cut ? 50 : Math.max(1, queue[0].at - t));
    };
    from.on("data", (chunk) => {
      queue.push({ chunk, at: Date.now() + this.delayMs });
      if (!timer) flush();
    });
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
