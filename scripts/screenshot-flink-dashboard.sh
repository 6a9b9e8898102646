#!/usr/bin/env bash
# Takes a headless-Chromium screenshot of the Flink web dashboard (the running job's graph).
#
#   scripts/screenshot-flink-dashboard.sh [--demo [--data-dir DIR]] [--url URL] [--out FILE] [-- DEMO OPTIONS]
#
#   --demo   start `bin/pqr-lakehouse demo --data-dir DIR --kafka-port 0` in the background (DIR defaults
#            to a new temporary folder), wait until its job runs and has processed records, take the
#            screenshot, then stop the demo cleanly (SIGTERM: the CLI cancels the job, stops the broker).
#            Options after `--` go to the demo, e.g. `-- --pg-url jdbc:postgresql://127.0.0.1:5432/pqr_shot`
#            for a database whose Iceberg catalog belongs to DIR's warehouse.
#   --url    the dashboard to shoot when no --demo (default $PQR_FLINK_URL or http://localhost:8081)
#   --out    the PNG to write (default docs/flink-dashboard.png)
#
# Uses Debian's chromium, installed with apt-get when missing (needs root), with the flags that work on
# machines without a network: no background networking, component updates, sync or QUIC.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${PQR_FLINK_URL:-http://localhost:8081}"
OUT="$ROOT/docs/flink-dashboard.png"
DEMO=false
DATA_DIR=""
DEMO_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=true ;;
    --data-dir) DATA_DIR="$2"; shift ;;
    --url) URL="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    --) shift; DEMO_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "[screenshot] $*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    log "chromium is not installed and this user cannot install it: run 'apt-get install -y chromium' as root"
    exit 1
  fi
fi

DEMO_PID=""
TMP="$(mktemp -d)"
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then
    log "stopping the demo (pid $DEMO_PID)"
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 1; done
    kill -0 "$DEMO_PID" 2>/dev/null && kill -KILL "$DEMO_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

if $DEMO; then
  log "starting the demo (output in $TMP/demo.out)"
  "$ROOT/bin/pqr-lakehouse" demo --data-dir "${DATA_DIR:-$TMP/demo-data}" --kafka-port 0 "${DEMO_ARGS[@]}" >"$TMP/demo.out" 2>&1 &
  DEMO_PID=$!
fi

# Wait (up to 5 minutes: the first run builds the project) for a running job that has moved records.
job=""
for _ in $(seq 1 300); do
  if [ -n "$DEMO_PID" ] && ! kill -0 "$DEMO_PID" 2>/dev/null; then
    log "the demo stopped:"; cat "$TMP/demo.out" >&2; exit 1
  fi
  overview="$(curl -fsS "$URL/jobs/overview" 2>/dev/null || true)"
  job="$(printf '%s' "$overview" | grep -o '"jid":"[0-9a-f]*","name":"[^"]*",[^}]*"state":"RUNNING"' | head -1 \
    | sed 's/^"jid":"\([0-9a-f]*\)".*/\1/' || true)"
  if [ -n "$job" ] && curl -fsS "$URL/jobs/$job" 2>/dev/null | grep -q '"write-records":[1-9]'; then
    break
  fi
  job=""
  sleep 1
done
if [ -z "$job" ]; then
  log "no running job with records at $URL after 5 minutes"
  exit 1
fi
sleep 10 # let a few checkpoints complete so the graph shows throughput and the checkpoint counters move
PAGE="$URL/#/job/running/$job/overview"
mkdir -p "$(dirname "$OUT")"
log "shooting $PAGE"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$TMP/chromium-profile" --window-size=1600,1000 \
  --virtual-time-budget=10000 --screenshot="$OUT" "$PAGE" >"$TMP/chromium.log" 2>&1 || {
  cat "$TMP/chromium.log" >&2; exit 1; }
[ -s "$OUT" ] || { log "chromium wrote no screenshot"; cat "$TMP/chromium.log" >&2; exit 1; }
log "wrote $OUT"
