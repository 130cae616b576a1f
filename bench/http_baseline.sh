#!/usr/bin/env bash
# GET /healthz on eventbook beside nginx serving a static file of the same
# size, same wrk settings, same run. Prints the figures and writes a Markdown
# section to the file given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bench/http_baseline.sh OUTPUT.md}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

work=$(mktemp -d)
cleanup() {
  [ -n "${eb_pid:-}" ] && kill "$eb_pid" 2>/dev/null && wait "$eb_pid" 2>/dev/null || true
  [ -f "$work/nginx.conf" ] && nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
eb_port=$(free_port); gw_port=$(free_port); ng_port=$(free_port)

echo "--> starting eventbook dev (access log off)"
./build/eventbook dev --data-dir "$work/data" --users-port "$eb_port" --gateway-port "$gw_port" \
  --access-log off --log-level warn 2>"$work/eventbook.log" &
eb_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$eb_port/healthz" >/dev/null && break; sleep 0.1; done
body=$(curl -sf "http://127.0.0.1:$eb_port/healthz")

echo "--> starting nginx with a static file of the same size (${#body} bytes)"
mkdir -p "$work/www"
printf '%s' "$body" > "$work/www/healthz"
# nginx's workers run as an unprivileged user: let them read the file.
chmod 755 "$work" "$work/www" && chmod 644 "$work/www/healthz"
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fcgi;
  uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  default_type application/json;
  server { listen 127.0.0.1:$ng_port; root $work/www; keepalive_requests 1000000; }
}
NGINX
nginx -c "$work/nginx.conf"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$ng_port/healthz" >/dev/null && break; sleep 0.1; done

run_wrk() {  # name url
  echo "--> wrk -t$threads -c$connections -d$duration --latency $2" >&2
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "$2" > "$work/$1.txt"
  cat "$work/$1.txt" >&2
  if grep -q "Non-2xx" "$work/$1.txt"; then
    echo "http_baseline: $1 answered errors; the figures would be meaningless" >&2
    exit 1
  fi
  local rps p50 p90 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt")
  p90=$(awk '$1=="90%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
  echo "$rps|$p50|$p90|$p99"
}

eb=$(run_wrk eventbook "http://127.0.0.1:$eb_port/healthz")
ng=$(run_wrk nginx "http://127.0.0.1:$ng_port/healthz")
rss=$(awk '/VmHWM/ {print $2}' "/proc/$eb_pid/status")

IFS='|' read -r eb_rps eb_p50 eb_p90 eb_p99 <<<"$eb"
IFS='|' read -r ng_rps ng_p50 ng_p90 ng_p99 <<<"$ng"
ratio=$(awk -v a="$eb_rps" -v b="$ng_rps" 'BEGIN { printf "%.2f", a / b }')

{
  echo "## HTTP baseline: GET /healthz beside nginx"
  echo
  echo "wrk -t$threads -c$connections -d$duration, keep-alive, on the same machine as the server"
  echo "(wrk and the server share the cores). eventbook: \`eventbook dev --access-log off\`,"
  echo "users service port; nginx 2 workers serving a ${#body}-byte static file."
  echo
  echo "| server | requests/s | p50 | p90 | p99 |"
  echo "|---|---|---|---|---|"
  echo "| eventbook /healthz | $eb_rps | $eb_p50 | $eb_p90 | $eb_p99 |"
  echo "| nginx static file | $ng_rps | $ng_p50 | $ng_p90 | $ng_p99 |"
  echo
  echo "eventbook / nginx throughput: **$ratio**. eventbook peak memory (VmHWM) during the run: $((rss / 1024)) MiB."
  echo
} > "$out"
echo "eventbook: $eb_rps req/s (p99 $eb_p99); nginx: $ng_rps req/s (p99 $ng_p99); ratio $ratio; eventbook peak RSS $((rss / 1024)) MiB"
