#!/usr/bin/env node
// Kills one bookings replica and one events replica of a running cluster
// (scripts/cluster start) in the middle of a booking load, and checks that no
// booking is lost or left pending and that no seat is sold twice.
//
//   node tests/cluster/failover.mjs [--base-url URL] [--state-dir .cluster]
//       [--clients 16] [--seats 300] [--kill-at 0.4] [--after-kill 5] [--think-ms 0]
//       [--kill bookings-1,events-1] [--grace 30] [--no-restart]
//
// --base-url defaults to nginx's public port recorded in STATE_DIR/cluster.env.
// Through nginx, it registers one attendee per client and an organizer, who
// creates an event with --seats seats. Each client then books 1 or 2 seats at
// a time, each request with a new Idempotency-Key, and retries the same key on
// 502, 503, 504 and network errors until it gets an answer (201, or 409 once
// sold out). Once --kill-at of the seats are sold (0.4: 40%) it SIGKILLs the
// replicas named by --kill (pids from STATE_DIR/run/), while every client has
// a request in flight, and the load goes on for --after-kill seconds.
// Then it checks:
//   - every booking answered 201 exists, is confirmed, for the seats asked,
//     as seen by its owner; no key got two different bookings;
//   - within --grace seconds no booking of the event is pending (recovery
//     settles what the killed replica left half done), as the attendees list
//     their bookings (the organizer's list shows confirmed and cancelled only);
//   - capacity - availableSeats == the seats of the confirmed bookings, as the
//     organizer lists them and as the attendees do, and those are exactly the
//     bookings answered 201.
// Prints the figures, restarts the killed replicas (scripts/cluster start)
// unless --no-restart, and exits 1 on any violation.
// Needs Node 20 (fetch), nothing else.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values: opts } = parseArgs({
  options: {
    "base-url": { type: "string", default: process.env.EVENTBOOK_CLUSTER_URL },
    "state-dir": { type: "string", default: process.env.EVENTBOOK_CLUSTER_DIR ?? resolve(repo, ".cluster") },
    clients: { type: "string", default: "16" },
    seats: { type: "string", default: "300" },
    "kill-at": { type: "string", default: "0.4" },
    "after-kill": { type: "string", default: "5" },
    "think-ms": { type: "string", default: "0" },
    kill: { type: "string", default: "bookings-1,events-1" },
    grace: { type: "string", default: "30" },
    "no-restart": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (opts.help) {
  const text = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
  console.log(text.slice(1, text.findIndex((l) => l.startsWith("import"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(0);
}

const stateDir = resolve(opts["state-dir"]);
// Without --base-url: the public port scripts/cluster recorded.
function recordedUrl() {
  try {
    const env = readFileSync(resolve(stateDir, "cluster.env"), "utf8");
    const port = /^PUBLIC_PORT=(\d+)$/m.exec(env)?.[1];
    return port ? `http://127.0.0.1:${port}` : null;
  } catch {
    return null;
  }
}
const base = (opts["base-url"] ?? recordedUrl() ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const clients = Number(opts.clients);
const capacity = Number(opts.seats);
const killAt = Number(opts["kill-at"]);
const afterKillMs = Number(opts["after-kill"]) * 1000;
// The kill comes at the latest this long into the load, sold or not.
const killLatestMs = 30_000;
const thinkMs = Number(opts["think-ms"]);
const graceMs = Number(opts.grace) * 1000;
const victims = opts.kill.split(",").map((s) => s.trim()).filter(Boolean);
// How long one key is retried before the client gives up on it.
const keyBudgetMs = 60_000;
const requestTimeoutMs = 35_000;

const runId = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const violations = [];
const violation = (text) => {
  violations.push(text);
  console.error(`VIOLATION: ${text}`);
};
const log = (text) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
const t0 = performance.now();

async function api(method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // nginx's own pages are JSON too; anything else stays text.
  }
  return { status: response.status, json, text };
}

// Setup calls (sign-up, event) must work before the load starts.
async function must(method, path, options, expected) {
  const answer = await api(method, path, options);
  if (answer.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return answer.json;
}

async function newUser(name) {
  const username = `${name}_${runId}`.slice(0, 32);
  const email = `${name}-${runId}@example.com`;
  const password = `pw-${runId}-${name}`;
  await must("POST", "/api/users/register", { body: { username, email, password } }, 201);
  const login = await must("POST", "/api/users/login", { body: { email, password } }, 200);
  return { token: login.token, id: login.user.id };
}

function replicaPid(name) {
  const file = resolve(stateDir, "run", `${name}.pid`);
  let pid;
  try {
    pid = Number(readFileSync(file, "utf8").trim());
  } catch {
    throw new Error(`no pid file ${file}: is the cluster running (scripts/cluster start), with this --state-dir?`);
  }
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    throw new Error(`${name} (pid ${pid}) is not running`);
  }
  if (!cmdline.includes("eventbook") || !cmdline.includes(`/data/${name} `)) {
    throw new Error(`pid ${pid} of ${file} is not ${name}: ${cmdline}`);
  }
  return pid;
}

// --- Setup ----------------------------------------------------------------------

const stats = { requests: 0, created: 0, soldOut: 0, retries: 0, retryStatuses: {}, errors: 0, gaveUp: 0 };
const booked = new Map(); // bookingId -> {seats, owner, key}
const keyAnswers = new Map(); // key -> bookingId (201s)

log(`cluster at ${base}, state ${stateDir}; victims ${victims.join(", ")}`);
for (const name of victims) replicaPid(name); // fail early on a wrong state dir
const organizer = await newUser("org");
const attendees = await Promise.all(Array.from({ length: clients }, (_, i) => newUser(`att${i}`)));
const created = await must(
  "POST",
  "/api/events",
  {
    token: organizer.token,
    body: { title: `Failover ${runId}`, date: "2030-06-15", location: "Test Hall", availableSeats: capacity },
  },
  201,
);
const eventId = created.eventId;
log(`${clients} attendees and an event of ${capacity} seats (${eventId})`);

// --- Load -----------------------------------------------------------------------

let loadEnds = Infinity;
let killedAt = null;
let seatsSold = 0;

// One booking with one key, retried until it has an answer.
async function bookOnce(client, user, n) {
  const key = `failover-${runId}-${client}-${n}`;
  const seats = 1 + ((client + n) % 2);
  const deadline = performance.now() + keyBudgetMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      stats.retries++;
      await sleep(Math.min(1000, 100 * attempt) + Math.random() * 100);
    }
    if (performance.now() > deadline) {
      stats.gaveUp++;
      violation(`key ${key} still had no answer after ${keyBudgetMs / 1000}s`);
      return "gave-up";
    }
    stats.requests++;
    let answer;
    try {
      answer = await api("POST", "/api/bookings", {
        token: user.token,
        body: { eventId, seats },
        headers: { "Idempotency-Key": key },
      });
    } catch (error) {
      stats.retryStatuses.network = (stats.retryStatuses.network ?? 0) + 1;
      continue;
    }
    if (answer.status === 201) {
      const id = answer.json?.bookingId;
      const earlier = keyAnswers.get(key);
      if (earlier && earlier !== id) violation(`key ${key} answered two bookings: ${earlier} and ${id}`);
      keyAnswers.set(key, id);
      if (!booked.has(id)) {
        stats.created++;
        seatsSold += seats;
      }
      booked.set(id, { seats, owner: user, key });
      return "created";
    }
    if (answer.status === 409) {
      stats.soldOut++;
      return "sold-out";
    }
    if ([502, 503, 504].includes(answer.status)) {
      stats.retryStatuses[answer.status] = (stats.retryStatuses[answer.status] ?? 0) + 1;
      continue;
    }
    stats.errors++;
    violation(`key ${key}: unexpected ${answer.status} ${answer.text.slice(0, 200)}`);
    return "error";
  }
}

async function client(index) {
  const user = attendees[index];
  for (let n = 0; performance.now() < loadEnds; n++) {
    await bookOnce(index, user, n);
    await sleep(thinkMs * (0.5 + Math.random()));
  }
}

async function killer() {
  const latest = performance.now() + killLatestMs;
  while (seatsSold < capacity * killAt && performance.now() < latest) await sleep(5);
  log(`${seatsSold} of ${capacity} seats sold`);
  for (const name of victims) {
    const pid = replicaPid(name);
    process.kill(pid, "SIGKILL");
    log(`SIGKILL ${name} (pid ${pid})`);
  }
  killedAt = performance.now();
}

const loadStart = performance.now();
log(`load: ${clients} clients; kill at ${killAt * 100}% sold, then ${afterKillMs / 1000}s more`);
const progress = setInterval(
  () => log(`requests ${stats.requests}, 201 ${stats.created}, 409 ${stats.soldOut}, retries ${stats.retries}`),
  1000,
);
let killError = null;
await Promise.all([
  ...Array.from({ length: clients }, (_, i) => client(i)),
  killer()
    .catch((error) => {
      killError = error;
    })
    .finally(() => {
      loadEnds = performance.now() + afterKillMs;
    }),
]);
clearInterval(progress);
const loadSeconds = (performance.now() - loadStart) / 1000;
if (killError) violation(`could not kill the replicas: ${killError.message}`);
const confirmedBefore = stats.created;
log(`load done in ${loadSeconds.toFixed(1)}s`);

// --- Checks ---------------------------------------------------------------------

// Every page of GET /api/bookings?QUERY.
async function listAll(token, query) {
  const items = [];
  let cursor = null;
  do {
    const page = await must(
      "GET",
      `/api/bookings?${query}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      { token },
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
const organizerList = () => listAll(organizer.token, `eventId=${eventId}&`);
// Every booking of the event, whatever its status: the attendees' own lists.
async function attendeeLists() {
  const lists = await Promise.all(attendees.map((user) => listAll(user.token, "")));
  return lists.flat().filter((b) => b.eventId === eventId);
}

// Each 201 as its owner sees it.
let checkedOwners = 0;
for (const [id, { seats, owner }] of booked) {
  const answer = await api("GET", `/api/bookings/${id}`, { token: owner.token });
  checkedOwners++;
  if (answer.status !== 200) violation(`booking ${id} (answered 201): GET gives ${answer.status}`);
  else if (answer.json.status !== "confirmed") violation(`booking ${id} (answered 201) is ${answer.json.status}`);
  else if (answer.json.seats !== seats) violation(`booking ${id} has ${answer.json.seats} seats, asked ${seats}`);
}

// Nothing stays pending.
const graceStart = performance.now();
let all = await attendeeLists();
const pendingAtFirst = all.filter((b) => b.status === "pending").length;
while (all.some((b) => b.status === "pending") && performance.now() - graceStart < graceMs) {
  await sleep(1000);
  all = await attendeeLists();
}
const settleSeconds = (performance.now() - graceStart) / 1000;
const pending = all.filter((b) => b.status === "pending");
if (pending.length > 0) {
  violation(`${pending.length} booking(s) still pending after ${graceMs / 1000}s: ${pending.map((b) => b.id).join(", ")}`);
}

// Seats: the event's count against the confirmed bookings.
const event = await must("GET", `/api/events/${eventId}`, {}, 200);
const list = await organizerList();
const confirmed = list.filter((b) => b.status === "confirmed");
const confirmedSeats = confirmed.reduce((sum, b) => sum + b.seats, 0);
const attendeeSeats = all.filter((b) => b.status === "confirmed").reduce((sum, b) => sum + b.seats, 0);
const taken = event.capacity - event.availableSeats;
if (event.availableSeats < 0) violation(`availableSeats is ${event.availableSeats}`);
if (taken !== confirmedSeats) {
  violation(`capacity ${event.capacity} - availableSeats ${event.availableSeats} = ${taken}, but the organizer's confirmed bookings hold ${confirmedSeats} seats`);
}
if (attendeeSeats !== confirmedSeats) {
  violation(`the attendees' confirmed bookings hold ${attendeeSeats} seats, the organizer's ${confirmedSeats}`);
}
const confirmedIds = new Set(confirmed.map((b) => b.id));
for (const id of booked.keys()) {
  if (!confirmedIds.has(id)) violation(`booking ${id} (answered 201) is not confirmed in the organizer's list`);
}
// With every key answered, a confirmed booking nobody got a 201 for would be
// a double booking; a key given up on may have been confirmed by recovery.
const extra = [...confirmedIds].filter((id) => !booked.has(id));
if (extra.length > stats.gaveUp) {
  violation(`${extra.length} confirmed booking(s) that no client was answered 201 for: ${extra.slice(0, 5).join(", ")}`);
}
const byStatus = {};
for (const b of all) byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;

// --- Report ---------------------------------------------------------------------

console.log("");
console.log(`requests         ${stats.requests} (${(stats.requests / loadSeconds).toFixed(0)}/s over ${loadSeconds.toFixed(1)}s)`);
console.log(`201 created      ${stats.created} bookings, ${[...booked.values()].reduce((s, b) => s + b.seats, 0)} seats`);
console.log(`409 sold out     ${stats.soldOut}`);
console.log(`retries          ${stats.retries} (${Object.entries(stats.retryStatuses).map(([k, v]) => `${k}: ${v}`).join(", ") || "none"})`);
console.log(`errors           ${stats.errors} unexpected answers, ${stats.gaveUp} keys given up`);
console.log(`killed           ${victims.join(", ")} at ${killedAt ? ((killedAt - loadStart) / 1000).toFixed(1) : "-"}s`);
console.log(`bookings         ${Object.entries(byStatus).map(([k, v]) => `${k} ${v}`).join(", ")} (${pendingAtFirst} pending after the load, all settled in ${settleSeconds.toFixed(1)}s)`);
console.log(`seats            capacity ${event.capacity}, available ${event.availableSeats}, taken ${taken}, confirmed ${confirmedSeats}`);
console.log(`owner checks     ${checkedOwners} bookings read back by their owners`);
if (confirmedBefore === 0) violation("no booking succeeded at all");
if (stats.retries === 0) {
  console.log("note: the kill cut no request in flight (no retry was needed); run again for a harsher case");
}

if (!opts["no-restart"]) {
  log("restarting the killed replicas (scripts/cluster start)");
  try {
    execFileSync(resolve(repo, "scripts/cluster"), ["start"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, EVENTBOOK_CLUSTER_DIR: stateDir },
    });
  } catch (error) {
    violation(`scripts/cluster start could not restart the replicas: ${error.message}`);
  }
}

console.log("");
if (violations.length > 0) {
  console.log(`FAILED: ${violations.length} violation(s)`);
  process.exit(1);
}
console.log(`PASSED in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
