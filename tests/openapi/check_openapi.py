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
   route's pattern.
3. Every example validates against its schema; the register, login, create
   event and book examples, sent as they are, get their documented status.

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

import jsonschema
import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BUILTINS = ("/healthz", "/readyz", "/metrics")
SERVICES = ("users", "events", "bookings", "notifications")
# Gateway routes that are not API proxies: the web UI and the API reference
# page it serves when it runs with --web-root. They are not part of the API.
GATEWAY_SITE_ROUTES = {("*", "/{path...}"), ("*", "/api/docs"), ("*", "/api/docs/{path...}")}
PROXY = re.compile(r"^/api/([a-z]+)/\{rest\.\.\.\}$")
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
        prefix = path.split("/")[2] if path.startswith("/api/") else None
        if path.startswith("/internal/"):
            failures.check(prefix not in proxied, f"{where}: internal, yet under a gateway prefix")
        else:
            failures.check(prefix in proxied, f"{where}: not under any /api/<service>/ the gateway proxies")
            failures.check(prefix == route["service"], f"{where}: served by {route['service']}, not {prefix}")
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
    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="eventbook-openapi-")
        ports = free_ports(5)
        self.ports = dict(zip(("gateway",) + SERVICES, ports))
        self.log = open(os.path.join(self.dir, "eventbook.log"), "w")
        self.process = subprocess.Popen(
            [binary, "dev", "--data-dir", os.path.join(self.dir, "data"), "--access-log", "off",
             "--gateway-port", str(self.ports["gateway"])]
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
    gateway = system.url("gateway")
    ids = {}

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
    deadline = time.time() + 10
    while notification_id is None and time.time() < deadline:
        items = send(gateway, "get", "/api/notifications", headers=bearer).json()["items"]
        notification_id = items[0]["id"] if items else None
        time.sleep(0.1)
    failures.check(notification_id, "no notification arrived within 10 s")

    # 2: every path and method of the document, destructive ones last.
    def order(entry):
        path, method = entry
        return (method == "delete" or path.endswith("/cancel"), path, method)

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
            headers["Idempotency-Key"] = "openapi-check-" + method + "-" + str(len(sent))
        base = gateway if not path.startswith("/internal/") else system.url(route["service"])
        answer = send(base, method, target, substitute(request_example(spec, op), ids), headers)
        print(f"  {where} -> {answer.status} ({route['service']} {route['method']} {route['pattern']})")
        unknown = answer.status == 404 and answer.body and json.loads(answer.body).get("detail", "").startswith(
            "No resource at ")
        failures.check(answer.status != 405 and not unknown,
                       f"{where}: not served ({answer.status} {answer.body[:200]})")
        failures.check(answer.status < 500, f"{where}: answered {answer.status}: {answer.body[:300]}")
        documented(spec, op, answer, where, failures)
        sent[(route["service"], route["pattern"], route["method"])] = where

    # The requests reached the routes the document names: each service counts
    # a request under the pattern of the route that answered it.
    for path in BUILTINS:
        op = spec["paths"][path]["get"]
        for name in ("gateway",) + SERVICES:
            answer = send(system.url(name), "get", path)
            documented(spec, op, answer, f"GET {path} ({name})", failures)
            failures.check(answer.status == 200, f"GET {path} ({name}): {answer.status}")
    counted = set()
    for name in SERVICES:
        text = send(system.url(name), "get", "/metrics").body
        for match in re.finditer(r'^eventbook_http_requests_total\{service="([^"]+)",route="([^"]+)",'
                                 r'method="([^"]+)"', text, re.M):
            counted.add(match.groups())
    for (service, pattern, method), where in sent.items():
        failures.check((service, pattern, method) in counted,
                       f"{where}: the {service} service counted no request for {method} {pattern}")
    return len(sent)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, help="the eventbook binary")
    parser.add_argument("--spec", required=True, help="docs/openapi.yaml")
    parser.add_argument("--static-only", action="store_true", help="skip the checks against a running system")
    parser.add_argument("--extra-route", action="append", default=[],
                        help="'SERVICE METHOD PATTERN' added to what the binary lists (to test this test)")
    args = parser.parse_args()

    started = time.time()
    failures = Failures()
    with open(args.spec) as f:
        spec = yaml.safe_load(f)
    listing = subprocess.run([args.binary, "routes", "--json"], check=True, capture_output=True, text=True)
    routes = json.loads(listing.stdout)
    for extra in args.extra_route:
        service, method, pattern = extra.split()
        routes.append({"service": service, "method": method, "pattern": pattern, "pool": "default"})
    check_document(spec, failures)
    served = check_routes(spec, routes, failures)
    examples = check_examples(spec, failures)
    print(f"{len(routes)} registered routes, {len(served)} documented operations, {examples} examples checked")
    if not args.static_only and not failures.items:
        count = check_live(spec, args.binary, served, failures)
        print(f"{count} operations sent to a running system")
    elif failures.items and not args.static_only:
        print("skipping the live checks until the document and the routes agree")
    print(f"{len(failures.items)} problems in {time.time() - started:.1f} s")
    return 1 if failures.items else 0


if __name__ == "__main__":
    sys.exit(main())
