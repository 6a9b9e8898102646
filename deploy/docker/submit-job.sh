#!/usr/bin/env bash
# The compose stack's one-shot job submitter (service job-submitter). Waits for a TaskManager, then submits
# the stream job with `flink run` unless a pqr-stream job is already running (so `docker compose up` twice
# does not start it twice). ClusterJob's main runs here: Flyway migrations, Iceberg tables, the enrichment
# model (trained from /opt/pqr/corpus if none is active), then the job graph goes to the JobManager.
# PQR_RESUME_FROM=<savepoint path> resumes the job stopped with a savepoint. Extra arguments are passed to
# ClusterJob (e.g. --mode backfill --kafka-from ...: see README "Production").
set -euo pipefail
rest="http://${FLINK_REST_ADDRESS:-jobmanager}:${FLINK_REST_PORT:-8081}"
jar=/opt/flink/usrlib/pqr-flink-job.jar

for _ in $(seq 1 120); do
  overview="$(wget -q -O - "$rest/overview" 2>/dev/null || true)"
  if grep -Eq '"taskmanagers":[1-9]' <<<"$overview"; then
    break
  fi
  echo "[submit-job] waiting for a TaskManager at $rest"
  sleep 2
done

mode=stream
for arg in "$@"; do
  if [ "$arg" = "backfill" ]; then mode=backfill; fi
done
running="$(flink list -r 2>/dev/null || true)"
if [ "$mode" = "stream" ] && grep -q ' : pqr-stream ' <<<"$running"; then
  echo "[submit-job] a pqr-stream job is already running: nothing to submit"
  exit 0
fi

args=(run --detached)
if [ -n "${PQR_RESUME_FROM:-}" ] && [ "$mode" = "stream" ]; then
  echo "[submit-job] resuming from savepoint $PQR_RESUME_FROM"
  args+=(--fromSavepoint "$PQR_RESUME_FROM")
fi
if [ "$#" -eq 0 ]; then
  set -- --mode stream
fi
exec flink "${args[@]}" "$jar" --parallelism "${PQR_PARALLELISM:-2}" "$@"
