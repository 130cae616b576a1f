#!/usr/bin/env python3
"""Keeps docs/openapi.yaml in step with the code.

1. Every route `eventbook routes --json` prints is in the document, and every
   path and method of the document is served by a registered route (the
   gateway's /api/<service>/{rest...} proxies cover the /api paths; the
   /internal routes are tagged internal and marked as not routed by the
   gateway).
2. An embedded system (`eventbook dev`) answers a request to every path and
   method of the document from the route the document names: not a 404 for an
   unknown path, not a 405, with a status the document lists and a body its
   schema accepts; the owning service's /metrics shows the request under the
   route's pattern. The gateway's port hides /metrics and the /internal routes
   (404); its own figures are read at its private --gateway-metrics-port.
3. Every example validates against its schema; the register, login, create
   event and book examples, sent as they are, get their documented status.

With --cluster-dir (and --base-url), checks 2 and 3 run against the
production topology `scripts/cluster start` runs, instead of an embedded
system: the API through nginx at the base URL, the /internal routes at an
events replica, /healthz, /readyz and /metrics at every replica's own port
(nginx must hide them: 404), and the metrics proof sums the counters of all
replicas of the owning service, read before and after. Its databases outlive
a run, so the names, e-mail addresses, ids and keys the examples fix are
made unique to the run there.

Needs python3-yaml and python3-jsonschema (scripts/bootstrap test).
"""

import argparse
import copy
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import jsonschema
import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BUILTINS = ("/healthz", "/readyz", "/metrics")
SERVICES = ("users", "events", "bookings", "notifications", "queue")
# Public path prefixes served by another service than their name says; a
# prefix may take part of another's paths (an event's door is the bookings
# service's).
PREFIX_SERVICE = {
    "holds": "bookings",
    "tickets": "bookings",
    "staff": "bookings",
    "events/{id}/checkins": "bookings",
    "events/{id}/staff": "bookings",
    "events/{id}/attendees": "bookings",
    "events/{id}/attendees.csv": "bookings",
    "events/{id}/queue": "queue",
    "events/{id}/waitlist": "bookings",
}
# Gateway routes that are not API proxies: the web UI and the API reference
# page it serves when it runs with --web-root. They are not part of the API.
GATEWAY_SITE_ROUTES = {("*", "/{path...}"), ("*", "/api/docs"), ("*", "/api/docs/{path...}")}
PROXY = re.compile(r"^/api/([a-z][^{]*(?:\{[a-z]+\}[^{]*)*)/\{rest\.\.\.\}$")


def gateway_prefix(path, prefixes):
    """The longest of the gateway's proxy prefixes (e.g. "events",
    "events/{id}/checkins") that an /api/ path is under, or None."""
    segments = path.split("/")[2:]
    best = None
    for prefix in prefixes:
        parts = prefix.split("/")
        if len(parts) <= len(segments) and all(
                part == segment or (part.startswith("{") and part.endswith("}"))
                for part, segment in zip(parts, segments)):
            if best is None or len(parts) > len(best.split("/")):
                best = prefix
    return best


def served_by(path):
    """The service that answers an /api/ path, as the gateway routes it."""
    prefix = gateway_prefix(path, list(PREFIX_SERVICE) + [path.split("/")[2]])
    return PREFIX_SERVICE.get(prefix, prefix)
# The placeholders the document's examples use for ids, replaced by real ids
# when the examples are sent.
EXAMPLE_USER_ID = "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"
EXAMPLE_EVENT_ID = "0193a1b2-8d4e-7f50-9bac-1d2e3f4a5b6c"
# The examples sent as they are, with the status they must get.
KEY_EXAMPLES = [
    ("post", "/api/users/register", "register", 201),
    ("post", "/api/users/login", "login", 200),
    ("post", "/api/events", "conference", 201),
    ("post", "/api/bookings", "book", 201),
]
# The details of the 404 for a path nobody serves: a service's, and the
# cluster nginx's for /api paths it routes nowhere and for private paths.
UNKNOWN_ROUTE_DETAILS = ("No resource at ", "No such API route.", "No such route.")


class Failures:
    def __init__(self):
        self.items = []

    def add(self, message):
        self.items.append(message)
        print("FAIL: " + message, flush=True)

    def check(self, condition, message):
        if not condition:
            self.add(message)
        return condition


# ---------------------------------------------------------------- the document


def resolve(spec, node):
    """The node with every local $ref replaced by what it points at."""
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError("only local references are supported: " + ref)
            target = spec
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            merged = copy.deepcopy(resolve(spec, target))
            for key, value in node.items():
                if key != "$ref":
                    merged[key] = resolve(spec, value)
            return merged
        return {key: resolve(spec, value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(spec, item) for item in node]
    return node


def operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item


def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_errors(schema, instance):
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in validator(schema).iter_errors(instance)]


def check_document(spec, failures):
    failures.check(str(spec.get("openapi", "")).startswith("3.1"), "openapi must be 3.1.x")
    ids = set()
    for path, method, op, item in operations(spec):
        where = f"{method.upper()} {path}"
        op_id = op.get("operationId")
        failures.check(op_id and op_id not in ids, f"{where}: operationId missing or repeated")
        ids.add(op_id)
        failures.check(op.get("tags"), f"{where}: no tags")
        params = [resolve(spec, p) for p in item.get("parameters", []) + op.get("parameters", [])]
        declared = {p["name"] for p in params if p["in"] == "path"}
        templated = set(re.findall(r"\{([^}]+)\}", path))
        failures.check(declared == templated,
                       f"{where}: path parameters {sorted(templated)} declared as {sorted(declared)}")
        for code, response in op["responses"].items():
            response = resolve(spec, response)
            if code.startswith(("4", "5")) and path not in BUILTINS:
                content = response.get("content", {})
                problem = content.get("application/problem+json", {}).get("schema")
                failures.check(problem == resolve(spec, {"$ref": "#/components/schemas/Problem"}),
                               f"{where} {code}: errors must be application/problem+json with the Problem schema")
        security = op.get("security", spec.get("security"))
        failures.check(security is not None, f"{where}: say which security applies (security: [] for none)")
        if path.startswith("/internal/"):
            failures.check("internal" in op.get("tags", []), f"{where}: internal routes are tagged internal")
            failures.check(op.get("x-gateway") is False, f"{where}: internal routes say x-gateway: false")
            failures.check(security == [{"serviceAuth": []}], f"{where}: internal routes take serviceAuth")


def check_examples(spec, failures):
    """Every example validates against its schema; returns the count."""
    count = 0

    def media(where, content):
        nonlocal count
        for media_type, body in content.items():
            schema = resolve(spec, body.get("schema", {}))
            examples = dict((body.get("examples") or {}).items())
            if "example" in body:
                examples["example"] = {"value": body["example"]}
            for name, example in examples.items():
                example = resolve(spec, example)
                if "value" not in example or not media_type.endswith("json"):
                    continue
                count += 1
                for error in schema_errors(schema, example["value"]):
                    failures.add(f"{where} {media_type} example '{name}': {error}")

    for path, method, op, item in operations(spec):
        where = f"{method.upper()} {path}"
        body = op.get("requestBody")
        if body:
            body = resolve(spec, body)
            failures.check(body.get("content", {}).get("application/json", {}).get("examples"),
                           f"{where}: the request body has no examples")
            media(where + " request", body.get("content", {}))
        for code, response in op["responses"].items():
            media(f"{where} {code}", resolve(spec, response).get("content", {}))
        for param in item.get("parameters", []) + op.get("parameters", []):
            param = resolve(spec, param)
            if "example" in param:
                count += 1
                for error in schema_errors(param["schema"], param["example"]):
                    failures.add(f"{where} parameter {param['name']} example: {error}")
    for name, schema in spec["components"]["schemas"].items():
        resolved = resolve(spec, schema)
        validator(resolved)  # a schema that is not valid JSON Schema raises here
        for example in schema.get("examples", []):
            count += 1
            for error in schema_errors(resolved, example):
                failures.add(f"schema {name} example {example!r}: {error}")
    return count


# ---------------------------------------------------------------- the routes


def segments(path):
    return [s for s in path.split("/") if s]


def route_matches(pattern, path):
    """Like http::Router: the number of literal segments matched, or -1."""
    pattern, path = segments(pattern), segments(path)
    literals = 0
    for i, seg in enumerate(pattern):
        if seg.startswith("{") and seg.endswith("...}"):
            return literals
        if i >= len(path):
            return -1
        if seg.startswith("{") and seg.endswith("}"):
            continue
        if seg != path[i]:
            return -1
        literals += 1
    return literals if len(pattern) == len(path) else -1


def sample_path(path, values=None):
    values = values or {}
    return re.sub(r"\{([^}]+)\}", lambda m: values.get(m.group(1), "sample-" + m.group(1)), path)


def best_route(routes, method, path):
    best, best_literals = None, -1
    for route in routes:
        literals = route_matches(route["pattern"], path)
        if literals > best_literals and route["method"] in ("*", method.upper()):
            best, best_literals = route, literals
    return best


def check_routes(spec, routes, failures):
    """Check 1. Returns, per spec operation, the service route that serves it."""
    service_routes = [r for r in routes if r["service"] != "gateway"]
    proxied = set()
    for route in routes:
        method, pattern = route["method"], route["pattern"]
        where = f"{route['service']} {method} {pattern}"
        if route["service"] == "gateway":
            match = PROXY.match(pattern)
            if match and method == "*":
                proxied.add(match.group(1))
                failures.check(any(p.startswith(f"/api/{match.group(1)}") for p in spec["paths"]),
                               f"{where}: the gateway proxies /api/{match.group(1)}/ but the document has no path there")
            else:
                failures.check((method, pattern) in GATEWAY_SITE_ROUTES,
                               f"{where}: a gateway route that is neither an API proxy nor the web UI; "
                               "document it in docs/openapi.yaml and in tests/openapi/check_openapi.py")
            continue
        item = spec["paths"].get(pattern)
        failures.check(item is not None and method.lower() in item,
                       f"{where}: registered by the {route['service']} service but not in docs/openapi.yaml")
    for service in SERVICES:
        failures.check(service in proxied, f"the gateway does not proxy /api/{service}/")

    served = {}
    for path, method, op, _ in operations(spec):
        where = f"{method.upper()} {path}"
        if path in BUILTINS:
            failures.check(method == "get", f"{where}: the built-in routes answer GET only")
            continue
        route = best_route(service_routes, method, sample_path(path))
        if not failures.check(route is not None, f"{where}: in docs/openapi.yaml but no service registers it"):
            continue
        served[(path, method)] = route
        if path.startswith("/api/"):
            prefix = gateway_prefix(path, proxied)
            failures.check(prefix is not None, f"{where}: not under any /api/<service>/ the gateway proxies")
            failures.check(PREFIX_SERVICE.get(prefix, prefix) == route["service"],
                           f"{where}: served by {route['service']}, not {PREFIX_SERVICE.get(prefix, prefix)}")
    return served


# ---------------------------------------------------------------- the live system


def free_ports(count):
    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.content_type = (headers.get("Content-Type") or "").split(";")[0].strip()

    def json(self):
        return json.loads(self.body)


def send(base, method, path, body=None, headers=None):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return Answer(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode())


class System:
    """An embedded system (`eventbook dev`) on free ports, in a directory of its own."""

    # A fresh system: nothing counted yet, no earlier run's data.
    fresh = True
    notification_wait_s = 10

    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="eventbook-openapi-")
        ports = free_ports(2 + len(SERVICES))
        self.ports = dict(zip(("gateway", "gateway-metrics") + SERVICES, ports))
        self.log = open(os.path.join(self.dir, "eventbook.log"), "w")
        self.process = subprocess.Popen(
            [binary, "dev", "--data-dir", os.path.join(self.dir, "data"), "--access-log", "off",
             "--gateway-port", str(self.ports["gateway"]),
             "--gateway-metrics-port", str(self.ports["gateway-metrics"])]
            + [a for s in SERVICES for a in (f"--{s}-port", str(self.ports[s]))],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.time() + 30
        while True:
            try:
                if send(self.url("gateway"), "get", "/readyz").status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError("eventbook dev did not become ready:\n" + self.log_text())
            time.sleep(0.1)

    def url(self, name):
        return f"http://127.0.0.1:{self.ports[name]}"

    def public_url(self):
        return self.url("gateway")

    def service_url(self, service):
        return self.url(service)

    def builtin_targets(self):
        """(name, service it must say it is or None, URL) of every process serving the built-in routes:
        the gateway's at its private metrics port, since its public one does not answer /metrics."""
        return [(name, None, self.url(name)) for name in ("gateway-metrics",) + SERVICES]

    def private_builtins(self):
        """The built-in routes the public address must not answer (the gateway keeps its health checks)."""
        return ("/metrics",)

    def metrics_urls(self):
        # In one process the gateway answers the /api routes itself (counted
        # under service "gateway", read at its private port); requests to a
        # service's own port count there.
        return [self.url(service) for service in ("gateway-metrics",) + SERVICES]

    def log_text(self):
        with open(os.path.join(self.dir, "eventbook.log")) as log:
            return log.read()[-4000:]

    def service_secret(self):
        with open(os.path.join(self.dir, "data", "keys", "service-secret")) as f:
            return f.readline().strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def read_env_file(path):
    """KEY=VALUE lines, as scripts/cluster writes them."""
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip("'\"")
    return values


class Cluster:
    """The production topology `scripts/cluster start` runs, found through its
    state directory: cluster.env (ports), secrets.env (the service secret) and
    run/<service>-<n>.pid (the replicas). Nothing is started or stopped here."""

    # The databases outlive a run: counters start where earlier runs left
    # them, and what the examples fix (names, e-mail, ids) may already exist.
    fresh = False
    notification_wait_s = 30

    def __init__(self, base_url, state_dir):
        self.base = base_url.rstrip("/")
        self.dir = state_dir
        layout = read_env_file(os.path.join(state_dir, "cluster.env"))
        self.secret = read_env_file(os.path.join(state_dir, "secrets.env"))["SERVICE_SECRET"]
        port_base = int(layout["PORT_BASE"])
        # The ports as scripts/cluster assigns them: BASE + 1..5 in the order
        # users, events, bookings, notifications, queue, plus 10 per further replica.
        self.replicas = []
        run_dir = os.path.join(state_dir, "run")
        for file in os.listdir(run_dir) if os.path.isdir(run_dir) else []:
            match = re.fullmatch(r"([a-z]+)-([0-9]+)\.pid", file)
            if match and match.group(1) in SERVICES:
                service, replica = match.group(1), int(match.group(2))
                port = port_base + 1 + SERVICES.index(service) + 10 * (replica - 1)
                self.replicas.append((f"{service}-{replica}", service, f"http://127.0.0.1:{port}"))
        self.replicas.sort(key=lambda r: (SERVICES.index(r[1]), r[0]))
        missing = [s for s in SERVICES if not any(r[1] == s for r in self.replicas)]
        if missing:
            raise RuntimeError(f"{state_dir}/run has no replica of {', '.join(missing)}: is the cluster started "
                               "(scripts/cluster start, with the same EVENTBOOK_CLUSTER_DIR)?")
        for name, _, url in self.replicas:
            try:
                status = send(url, "get", "/readyz").status
            except OSError as error:
                status = error
            if status != 200:
                raise RuntimeError(f"{name} at {url}: /readyz answered {status}")
        try:
            status = send(self.base, "get", "/api/events?limit=1").status
        except OSError as error:
            status = error
        if status != 200:
            raise RuntimeError(f"{self.base}/api/events?limit=1 answered {status}: is nginx running there?")

    def public_url(self):
        return self.base

    def service_url(self, service):
        return next(url for _, s, url in self.replicas if s == service)

    def service_secret(self):
        return self.secret

    def builtin_targets(self):
        return self.replicas

    def private_builtins(self):
        return BUILTINS

    def metrics_urls(self):
        return [url for _, _, url in self.replicas]

    def stop(self):
        pass


def unique_example_values(spec):
    """For a system whose data outlives the run: the example values that must
    be unique (user name, e-mail, the reservation's booking id), each mapped to
    one made for this run."""
    run = uuid.uuid4().hex[:8]
    values = {}
    register = request_example(spec, spec["paths"]["/api/users/register"]["post"])
    values[register["username"]] = f"{register['username']}-{run}"
    local, domain = register["email"].split("@", 1)
    values[register["email"]] = f"{local}+{run}@{domain}"
    renamed = request_example(spec, spec["paths"]["/api/users/me"]["patch"]) or {}
    if "username" in renamed:
        values[renamed["username"]] = f"{renamed['username']}-{run}"
    reserve = request_example(spec, spec["paths"]["/internal/reservations"]["post"])
    values[reserve["bookingId"]] = uuid7()
    return values, run


def uuid7():
    """A UUIDv7 (the ids the services make): milliseconds, then random bits."""
    value = (int(time.time() * 1000) << 80) | (uuid.uuid4().int & ((1 << 80) - 1))
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


REQUESTS_TOTAL = re.compile(r'^eventbook_http_requests_total\{service="([^"]+)",route="([^"]+)",'
                            r'method="([^"]+)"[^}]*\} ([0-9.eE+-]+)$', re.M)


def request_counts(urls):
    """eventbook_http_requests_total per (service, route, method), summed over
    the statuses and over every process in urls."""
    counts = {}
    for url in urls:
        for match in REQUESTS_TOTAL.finditer(send(url, "get", "/metrics").body):
            key = match.groups()[:3]
            if key[0] == "gateway" and key[1].startswith("/api/") and not key[1].startswith("/api/docs"):
                # /api/<service>/...: the route of that service, answered by the gateway in process.
                key = (served_by(key[1]), key[1], key[2])
            counts[key] = counts.get(key, 0) + float(match.group(4))
    return counts


def problem_detail(answer):
    try:
        body = json.loads(answer.body)
    except ValueError:
        return ""
    return body.get("detail", "") if isinstance(body, dict) else ""


def request_example(spec, op, name=None):
    body = op.get("requestBody")
    if not body:
        return None
    examples = resolve(spec, body)["content"]["application/json"]["examples"]
    return copy.deepcopy(examples[name or next(iter(examples))]["value"])


def substitute(value, ids):
    if isinstance(value, dict):
        return {k: substitute(v, ids) for k, v in value.items()}
    if isinstance(value, str):
        return ids.get(value, value)
    return value


def documented(spec, op, answer, where, failures):
    """The answer's status is listed for the operation and its body fits the schema."""
    responses = op["responses"]
    code = str(answer.status)
    if not failures.check(code in responses or "default" in responses,
                          f"{where}: answered {answer.status}, which the document does not list "
                          f"({', '.join(responses)}): {answer.body[:300]}"):
        return
    response = resolve(spec, responses.get(code, responses.get("default")))
    content = response.get("content", {})
    if not content:
        return
    if not failures.check(answer.content_type in content,
                          f"{where} {code}: Content-Type {answer.content_type!r}, documented {sorted(content)}"):
        return
    schema = content[answer.content_type].get("schema")
    if schema is not None and answer.content_type.endswith("json"):
        for error in schema_errors(resolve(spec, schema), answer.json()):
            failures.add(f"{where} {code}: the body does not fit the schema: {error}; body {answer.body[:300]}")


def check_live(spec, binary, served, failures):
    system = System(binary)
    try:
        return run_live(spec, system, served, failures)
    finally:
        system.stop()


def run_live(spec, system, served, failures):
    """Checks 2 and 3b against system, a System or a Cluster."""
    gateway = system.public_url()
    ids = {}
    key_prefix = "openapi-check-"
    if not system.fresh:
        unique, run = unique_example_values(spec)
        ids.update(unique)
        key_prefix += run + "-"

    # 3b: the key examples, sent as they are (ids substituted), get their status.
    token = None
    for method, path, name, status in KEY_EXAMPLES:
        op = spec["paths"][path][method]
        body = substitute(request_example(spec, op, name), ids)
        headers = {"Authorization": "Bearer " + token} if token else {}
        answer = send(gateway, method, path, body, headers)
        where = f"{method.upper()} {path} example '{name}'"
        failures.check(answer.status == status,
                       f"{where}: answered {answer.status}, documented {status}: {answer.body[:300]}")
        documented(spec, op, answer, where, failures)
        if answer.status // 100 != 2:
            raise RuntimeError(f"{where} failed; the live checks need it")
        data = answer.json()
        if "userId" in data:
            ids[EXAMPLE_USER_ID] = data["userId"]
        if "token" in data:
            token = data["token"]
        if "eventId" in data:
            ids[EXAMPLE_EVENT_ID] = data["eventId"]
        if "bookingId" in data:
            ids["booking"] = data["bookingId"]

    bearer = {"Authorization": "Bearer " + token}
    notification_id = None
    deadline = time.time() + system.notification_wait_s
    while notification_id is None and time.time() < deadline:
        items = send(gateway, "get", "/api/notifications", headers=bearer).json()["items"]
        notification_id = items[0]["id"] if items else None
        time.sleep(0.1)
    failures.check(notification_id, f"no notification arrived within {system.notification_wait_s} s")

    # 2: every path and method of the document, destructive ones last, and
    # last of all signing out everywhere, which revokes the token.
    def order(entry):
        path, method = entry
        return (path.endswith("/sign-out-everywhere"), method == "delete" or path.endswith("/cancel"), path, method)

    # What each service counted so far: the requests below must add to it.
    before = {} if system.fresh else request_counts(system.metrics_urls())
    sent = {}
    for path, method in sorted(served, key=order):
        op = spec["paths"][path][method]
        route = served[(path, method)]
        where = f"{method.upper()} {path}"
        values = {"id": {"events": ids[EXAMPLE_EVENT_ID], "bookings": ids["booking"],
                         "notifications": notification_id or "none"}.get(route["service"], "x"),
                  "bookingId": ids["booking"]}
        target = sample_path(path, values)
        headers = {}
        security = op.get("security", spec.get("security", []))
        if {"bearerAuth": []} in security:
            headers.update(bearer)
        if {"serviceAuth": []} in security:
            headers["Authorization"] = "Service " + system.service_secret()
        params = [resolve(spec, p) for p in op.get("parameters", [])]
        if any(p["in"] == "header" and p["name"] == "Idempotency-Key" for p in params):
            headers["Idempotency-Key"] = key_prefix + method + "-" + str(len(sent))
        base = gateway if not path.startswith("/internal/") else system.service_url(route["service"])
        answer = send(base, method, target, substitute(request_example(spec, op), ids), headers)
        print(f"  {where} -> {answer.status} ({route['service']} {route['method']} {route['pattern']})")
        unknown = answer.status == 404 and problem_detail(answer).startswith(UNKNOWN_ROUTE_DETAILS)
        failures.check(answer.status != 405 and not unknown,
                       f"{where}: not served ({answer.status} {answer.body[:200]})")
        failures.check(answer.status < 500, f"{where}: answered {answer.status}: {answer.body[:300]}")
        documented(spec, op, answer, where, failures)
        sent[(route["service"], route["pattern"], route["method"])] = where

    # The requests reached the routes the document names: each service counts
    # a request under the pattern of the route that answered it.
    for path in BUILTINS:
        op = spec["paths"][path]["get"]
        for name, service, url in system.builtin_targets():
            answer = send(url, "get", path)
            documented(spec, op, answer, f"GET {path} ({name})", failures)
            failures.check(answer.status == 200, f"GET {path} ({name}): {answer.status}")
            if service and path == "/healthz" and answer.status == 200:
                failures.check(answer.json().get("service") == service,
                               f"GET /healthz ({name} at {url}) says it is {answer.json().get('service')!r}")
    counted = request_counts(system.metrics_urls())
    for key, where in sent.items():
        service, pattern, method = key
        failures.check(counted.get(key, 0) > before.get(key, 0),
                       f"{where}: the {service} service counted no request for {method} {pattern}")
    check_private(spec, system, served, failures)
    return len(sent)


def check_private(spec, system, served, failures):
    """The public address hides what only the services' own ports serve."""
    problem = resolve(spec, {"$ref": "#/components/schemas/Problem"})
    private = [("get", path) for path in system.private_builtins()]
    private += [(method, sample_path(path)) for path, method in served if path.startswith("/internal/")]
    for method, path in private:
        where = f"{method.upper()} {path} at {system.public_url()}"
        answer = send(system.public_url(), method, path)
        if failures.check(answer.status == 404 and answer.content_type == "application/problem+json",
                          f"{where}: answered {answer.status} {answer.content_type}, not a 404 problem: "
                          f"{answer.body[:200]}"):
            for error in schema_errors(problem, answer.json()):
                failures.add(f"{where}: the 404 does not fit the Problem schema: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the eventbook binary")
    parser.add_argument("--spec", required=True, help="docs/openapi.yaml")
    parser.add_argument("--static-only", action="store_true", help="skip the checks against a running system")
    parser.add_argument("--cluster-dir", metavar="DIR",
                        help="run the live checks against the cluster scripts/cluster started with this state "
                             "directory (EVENTBOOK_CLUSTER_DIR, default .cluster) instead of an embedded system")
    parser.add_argument("--base-url", metavar="URL",
                        help="the cluster's public address (nginx); default: the one DIR/cluster.env records")
    parser.add_argument("--extra-route", action="append", default=[],
                        help="'SERVICE METHOD PATTERN' added to what the binary lists (to test this test)")
    args = parser.parse_args()
    if args.base_url and not args.cluster_dir:
        parser.error("--base-url needs --cluster-dir (where the replicas' ports and the service secret are)")

    started = time.time()
    failures = Failures()
    with open(args.spec) as f:
        spec = yaml.safe_load(f)
    listing = subprocess.run([args.binary, "routes", "--json"], check=True, capture_output=True, text=True)
    routes = json.loads(listing.stdout)
    for extra in args.extra_route:
        service, method, pattern = extra.split()
        routes.append({"service": service, "method": method, "pattern": pattern})
    check_document(spec, failures)
    served = check_routes(spec, routes, failures)
    examples = check_examples(spec, failures)
    print(f"{len(routes)} registered routes, {len(served)} documented operations, {examples} examples checked")
    if not args.static_only and not failures.items and args.cluster_dir:
        base_url = args.base_url
        try:
            if not base_url:
                layout = read_env_file(os.path.join(args.cluster_dir, "cluster.env"))
                host = layout["PUBLIC_HOST"] if layout["PUBLIC_HOST"] != "0.0.0.0" else "127.0.0.1"
                base_url = f"http://{host}:{layout['PUBLIC_PORT']}"
            cluster = Cluster(base_url, args.cluster_dir)
        except (OSError, KeyError, ValueError, RuntimeError) as error:
            failures.add(f"the cluster in {args.cluster_dir} cannot be checked: {type(error).__name__}: {error}")
        else:
            count = run_live(spec, cluster, served, failures)
            print(f"{count} operations sent to the cluster at {base_url} ({len(cluster.replicas)} replicas)")
    elif not args.static_only and not failures.items:
        count = check_live(spec, args.binary, served, failures)
        print(f"{count} operations sent to a running system")
    elif failures.items and not args.static_only:
        print("skipping the live checks until the document and the routes agree")
    print(f"{len(failures.items)} problems in {time.time() - started:.1f} s")
    return 1 if failures.items else 0


if __name__ == "__main__":
    sys.exit(main())
