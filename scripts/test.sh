#!/usr/bin/env bash
# The test suite: unit, harness and integration tests (real embedded Kafka, PostgreSQL, Iceberg).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-postgres.sh
./scripts/ensure-prometheus.sh
./scripts/ensure-compose.sh
exec mvn -B verify "$@"
