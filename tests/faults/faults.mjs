#!/usr/bin/env node
// Faults under a booking flood: each in turn, against a running system, and
// after each the checks of lib.mjs (every booking answered 201 confirmed,
// nothing oversold, nothing left pending, each booking's notification exactly
// once), whether the processes came back by themselves, and what /readyz said
// meanwhile.
//
//   node tests/faults/faults.mjs --shape cluster [--state-dir .cluster] [--only NAMES]
//   node tests/faults/faults.mjs --shape embedded --binary build/eventbook [--only NAMES]
//       [--clients 12] [--seats 200] [--report FILE]
//
// The cluster shape (scripts/cluster start, running): kill -9 of each service
// process, then of a bookings and an events replica at once, and their restart
// (scripts/cluster start NAME, as a supervisor would);
// RabbitMQ's application stopped for 30 s; PostgreSQL stopped at once
// (immediate mode) and started 5 s later; the link from the bookings replicas
// to the events service slowed by 200 ms each way, then cut for 10 s (the
// bookings replicas are restarted to reach events through a proxy this test
// runs, and restarted again at the end). The embedded shape (`eventbook dev`,
// started here on free ports in a temporary data directory): kill -9 of the
// process and its restart. A full disk is tests/faults/disk_full_test.cpp.
//
// --only: a comma-separated list of scenario names (kill, rabbitmq, postgres,
// link; or a full name such as kill-bookings-1). --report FILE: the figures as
// a Markdown table. Exits 1 on any violation. Needs Node 20, nothing else.

import { execFile, spawn } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

import { client, Flood, Link, log, must, newUser, now, ReadyWatch, seconds, sleep, verify } from "./lib.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values: opts } = parseArgs({
  options: {
    shape: { type: "string", default: "cluster" },
    "state-dir": { type: "string", default: process.env.EVENTBOOK_CLUSTER_DIR ?? resolve(repo, ".cluster") },
    binary: { type: "string", default: resolve(repo, "build/eventbook") },
    only: { type: "string", default: "" },
    clients: { type: "string", default: "12" },
    seats: { type: "string", default: "200" },
    report: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (opts.help) {
  const text = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
  console.log(text.slice(1, text.findIndex((l) => l.startsWith("import"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(0);
}

const run = promisify(execFile);
const runId = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const warmMs = 2000;
const afterMs = 4000;

// --- Shapes ---------------------------------------------------------------------

function clusterShape() {
  const stateDir = resolve(opts["state-dir"]);
  const env = readFileSync(resolve(stateDir, "cluster.env"), "utf8");
  const setting = (name) => Number(new RegExp(`^${name}=(\\d+)$`, "m").exec(env)?.[1]);
  const portBase = setting("PORT_BASE");
  const offsets = { users: 1, events: 2, bookings: 3, notifications: 4 };
  const replicas = ["users-1", "events-1", "events-2", "bookings-1", "bookings-2", "notifications-1"];
  const portOf = (name) => portBase + offsets[name.split("-")[0]] + 10 * (Number(name.split("-")[1]) - 1);
  const pidOf = (name) => {
    const pid = Number(readFileSync(resolve(stateDir, "run", `${name}.pid`), "utf8").trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    if (!cmdline.includes(`/data/${name} `)) throw new Error(`pid ${pid} is not ${name}: ${cmdline}`);
    return pid;
  };
  // The replicas named (a supervisor's restart), or whatever is missing.
  const clusterStart = (names = [], extraEnv = {}) =>
    run(resolve(repo, "scripts/cluster"), ["start", ...names], {
      env: { ...process.env, EVENTBOOK_CLUSTER_DIR: stateDir, ...extraEnv },
    });
  return {
    name: "cluster",
    base: `http://127.0.0.1:${setting("PUBLIC_PORT")}`,
    targets: replicas.map((name) => ({ name, url: `http://127.0.0.1:${portOf(name)}` })),
    pids: () => Object.fromEntries(replicas.map((name) => [name, pidOf(name)])),
    internalPort: portBase,
    async setUp() {},
    async tearDown() {},
    scenarios: [
      ...[...replicas.map((name) => [name]), ["bookings-1", "events-1"]].map((names) => ({
        name: `kill-${names.join("+")}`,
        title: `kill -9 of ${names.join(" and ")}, restarted`,
        async inject(fault) {
          for (const name of names) process.kill(pidOf(name), "SIGKILL");
          fault.down = names;
          await sleep(1000);
          fault.restoredAt = now();
          await clusterStart(names);
        },
      })),
      {
        name: "rabbitmq",
        title: "RabbitMQ stopped for 30 s",
        selfHealing: true,
        async inject(fault) {
          await run(resolve(repo, "scripts/rabbitmq"), ["stop-app"]);
          await sleep(30_000);
          fault.restoredAt = now();
          await run(resolve(repo, "scripts/rabbitmq"), ["start"]);
        },
        // Every service publishes or consumes; each must have said so.
        unready: { names: replicas, check: "bus", afterMs: 5000 },
      },
      {
        name: "postgres",
        title: "PostgreSQL stopped at once, started 5 s later",
        selfHealing: true,
        async inject(fault) {
          await run(resolve(repo, "scripts/postgres"), ["crash"]);
          await sleep(5000);
          fault.restoredAt = now();
          await run(resolve(repo, "scripts/postgres"), ["start"]);
        },
        unready: { names: replicas, check: "database", afterMs: 1000 },
      },
      {
        name: "link",
        title: "bookings to events: +200 ms for 5 s, then cut for 10 s",
        selfHealing: true,
        async setUp(shape) {
          this.link = new Link(shape.internalPort);
          const port = await this.link.listen();
          await restartBookings(shape, { EVENTBOOK_CLUSTER_EVENTS_URL: `http://127.0.0.1:${port}` });
        },
        async inject(fault) {
          this.link.delayMs = 200;
          await sleep(5000);
          fault.cutAt = now();
          this.link.cut = true;
          await sleep(10_000);
          fault.restoredAt = now();
          this.link.cut = false;
          this.link.delayMs = 0;
        },
        unready: { names: ["bookings-1", "bookings-2"], check: "events", afterMs: 5000, from: "cutAt" },
        async tearDown(shape) {
          await restartBookings(shape, {});
          await this.link.close();
        },
      },
    ],
    clusterStart,
  };
}

// The bookings replicas stopped (SIGTERM: they finish what they are doing)
// and started again by scripts/cluster with `env`.
async function restartBookings(shape, env) {
  const pids = shape.pids();
  for (const name of ["bookings-1", "bookings-2"]) process.kill(pids[name], "SIGTERM");
  for (const name of ["bookings-1", "bookings-2"]) {
    while (alive(pids[name])) await sleep(50);
  }
  await shape.clusterStart(["bookings-1", "bookings-2"], env);
}

function alive(pid) {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return state !== undefined && state !== "Z";
  } catch {
    return false;
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function embeddedShape() {
  const dataDir = mkdtempSync(join(tmpdir(), "eventbook-faults-"));
  const ports = {};
  for (const name of ["gateway", "users", "events", "bookings", "notifications"]) ports[name] = await freePort();
  const args = ["dev", "--data-dir", join(dataDir, "data"), "--access-log", "off"];
  for (const [name, port] of Object.entries(ports)) args.push(`--${name}-port`, String(port));
  let child = null;
  const logFile = join(dataDir, "eventbook.log");
  const start = async () => {
    const out = openSync(logFile, "a");
    child = spawn(opts.binary, args, { stdio: ["ignore", out, out] });
    const deadline = now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${ports.gateway}/readyz`)).status === 200) return;
      } catch {
        // not up yet
      }
      if (now() > deadline) throw new Error(`eventbook dev is not ready after 60 s; see ${logFile}`);
      await sleep(100);
    }
  };
  return {
    name: "embedded",
    base: `http://127.0.0.1:${ports.gateway}`,
    targets: Object.entries(ports).map(([name, port]) => ({ name, url: `http://127.0.0.1:${port}` })),
    pids: () => ({ eventbook: child.pid }),
    setUp: start,
    async tearDown(failed) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      if (failed) console.log(`the embedded system's data and log stay in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
    scenarios: [
      {
        name: "kill-eventbook",
        title: "kill -9 of eventbook dev, restarted",
        async inject(fault) {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGKILL");
          await exited;
          fault.down = Object.keys(ports);
          await sleep(1000);
          fault.restoredAt = now();
          await start();
        },
      },
    ],
  };
}

// --- One scenario ---------------------------------------------------------------

// Messages dead-lettered so far, over every process (their /metrics).
async function deadLettered(shape) {
  let total = 0;
  for (const { url } of shape.targets) {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    for (const line of text.split("\n")) {
      if (line.startsWith("eventbook_bus_dead_lettered_total")) total += Number(line.split(" ").at(-1));
    }
  }
  return total;
}

async function runScenario(shape, scenario, people) {
  const api = client(shape.base);
  log(`--- ${shape.name}: ${scenario.title}`);
  if (scenario.setUp) await scenario.setUp(shape);
  const pidsBefore = shape.pids();
  const deadBefore = await deadLettered(shape);
  const watch = new ReadyWatch(shape.targets);
  const flood = new Flood({ api, ...people, capacity: Number(opts.seats), runId, label: scenario.name });
  const since = Date.now();
  watch.start();
  flood.start();
  await sleep(warmMs);
  const fault = { at: now() };
  await scenario.inject(fault);
  const injectedEnd = now();
  await sleep(afterMs);
  await flood.stop();
  log(`load stopped: ${flood.stats.requests} requests, ${flood.stats.created} created; checking`);
  const figures = await verify(flood, { since });
  // Readiness may lag the fault's end a little (a refused commit keeps
  // "writes failing" for 3 s): until every process says ready, up to 30 s.
  const readyDeadline = now() + 30_000;
  while (watch.allReadySince(fault.restoredAt) === null && now() < readyDeadline) await sleep(200);
  await watch.stop();

  // /readyz told the truth: a process whose dependency was down said so,
  // and every one said ready again once it was back.
  if (scenario.unready) {
    const { names, check, afterMs: settle, from } = scenario.unready;
    const windowStart = (from ? fault[from] : fault.at) + settle;
    for (const name of names) {
      if (!watch.saidNotReady(name, windowStart, fault.restoredAt, check)) {
        flood.violation(`${name}'s /readyz never said "${check}" was failing while it was down`);
      }
    }
  }
  for (const name of fault.down ?? []) {
    if (watch.saidReady(name, fault.at + 200, fault.restoredAt)) flood.violation(`${name}'s /readyz answered 200 while it was killed`);
  }
  const readyAt = watch.allReadySince(fault.restoredAt);
  if (readyAt === null) flood.violation("not every /readyz answered 200 again within 30 s of the load's end");
  const firstAfter = flood.firstCreatedAfter(fault.restoredAt);
  if (firstAfter === undefined) flood.violation("no booking succeeded after the fault ended");
  if (scenario.selfHealing) {
    const pidsAfter = shape.pids();
    for (const [name, pid] of Object.entries(pidsBefore)) {
      if (pidsAfter[name] !== pid) flood.violation(`${name} was restarted (pid ${pid} -> ${pidsAfter[name]})`);
    }
  }
  // A killed process restarts its counters: only the processes that lived on count.
  const deadAfter = await deadLettered(shape);
  if (scenario.selfHealing && deadAfter !== deadBefore) {
    flood.violation(`${deadAfter - deadBefore} message(s) dead-lettered during the fault`);
  }
  if (scenario.tearDown) await scenario.tearDown(shape);

  const row = {
    shape: shape.name,
    fault: scenario.title,
    ...figures,
    retries: flood.stats.retries,
    retryStatuses: flood.stats.retryStatuses,
    faultSeconds: seconds(fault.restoredAt - fault.at),
    gapSeconds: seconds(flood.longestGap(fault.at)),
    readySeconds: readyAt === null ? "never" : seconds(Math.max(0, readyAt - fault.restoredAt)),
    firstBookingSeconds: firstAfter === undefined ? "never" : seconds(firstAfter - fault.restoredAt),
    restoreSeconds: seconds(injectedEnd - fault.restoredAt),
    violations: flood.violations.length,
  };
  log(
    `${scenario.name}: ${row.requests} requests, ${row.created} 201, ${row.confirmed} confirmed, lost ${row.lost}, ` +
      `oversold ${row.oversold}, duplicate notices ${row.duplicates}, retries ${row.retries} ` +
      `(${Object.entries(row.retryStatuses).map(([k, v]) => `${k}: ${v}`).join(", ") || "none"}), ` +
      `longest wait for a 201 ${row.gapSeconds} s, all ready ${row.readySeconds} s after the fault ended, ` +
      `pending settled in ${seconds(row.settledMs)} s and notices in ${seconds(row.noticeMs)} s after the load` +
      `${row.violations ? `; ${row.violations} VIOLATION(S)` : ""}`,
  );
  return row;
}

// --- Main -----------------------------------------------------------------------

const shape = opts.shape === "embedded" ? await embeddedShape() : clusterShape();
const wanted = opts.only.split(",").map((s) => s.trim()).filter(Boolean);
const scenarios = shape.scenarios.filter(
  (s) => wanted.length === 0 || wanted.includes(s.name) || wanted.includes(s.name.split("-")[0]),
);
const rows = [];
let failed = false;
try {
  await shape.setUp();
  const api = client(shape.base);
  const organizer = await newUser(api, "org", runId);
  const attendees = await Promise.all(
    Array.from({ length: Number(opts.clients) }, (_, i) => newUser(api, `att${i}`, runId)),
  );
  log(`${shape.name} at ${shape.base}: ${attendees.length} attendees; ${scenarios.map((s) => s.name).join(", ")}`);
  for (const scenario of scenarios) {
    const row = await runScenario(shape, scenario, { organizer, attendees });
    rows.push(row);
    if (row.violations > 0) failed = true;
  }
} catch (error) {
  failed = true;
  console.error(`FAILED: ${error.stack ?? error}`);
} finally {
  await shape.tearDown(failed);
}

const table = [
  "| shape | fault | requests | 201 | confirmed | lost | oversold | duplicate notices | retried | longest wait for a 201 (s) | all ready after (s) | settled after the load (s) |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...rows.map(
    (r) =>
      `| ${r.shape} | ${r.fault} | ${r.requests} | ${r.created} | ${r.confirmed} | ${r.lost} | ${r.oversold} | ` +
      `${r.duplicates} | ${r.retries} | ${r.gapSeconds} | ${r.readySeconds} | ${seconds(r.settledMs + r.noticeMs)} |`,
  ),
].join("\n");
console.log(`\n${table}\n`);
if (opts.report) writeFileSync(opts.report, `${table}\n`);
if (failed || rows.length !== scenarios.length) {
  console.log("FAILED");
  process.exit(1);
}
console.log(`PASSED: ${rows.length} fault(s), nothing lost`);
