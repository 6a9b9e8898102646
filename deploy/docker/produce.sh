#!/usr/bin/env bash
# The compose stack's producer (service producer): synthetic PQR traffic into the topic at
# PQR_PRODUCER_RATE events/s, one generated batch of PQR_PRODUCER_CASES cases after another, each with a
# new seed (new event ids), for ever. Runs the project's CLI from the job jar on Flink's own classpath.
set -euo pipefail
seed="$(date +%s)"
while true; do
  java -Dlog4j.configurationFile=/opt/flink/conf/log4j-console.properties \
    -cp "/opt/flink/usrlib/pqr-flink-job.jar:/opt/flink/lib/*" co.pqr.lakehouse.cli.PqrLakehouse produce \
    --cases "${PQR_PRODUCER_CASES:-500}" --rate "${PQR_PRODUCER_RATE:-20}" --seed "$seed"
  seed=$((seed + 1))
done
