#!/usr/bin/env bash
# Makes sure Debian's `prometheus` package (prometheus and promtool) is installed: the tests check and
# unit-test the alert rules with promtool and scrape a running pipeline with a real Prometheus.
# Idempotent: does nothing when promtool is already on the PATH. Used by .ci/run and scripts/test.sh.
# Installing needs root (apt-get); the package's own service is not started here (no systemd), the
# tests start prometheus themselves with a temporary configuration.
set -euo pipefail

log() { echo "[ensure-prometheus] $*" >&2; }

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  log "promtool/prometheus are not installed and this user cannot install them:"
  log "run 'apt-get install -y prometheus' as root (Debian's package provides both)"
  exit 1
fi
log "installing Debian's prometheus package with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
if ! command -v promtool >/dev/null 2>&1; then
  log "apt-get installed prometheus but promtool is still not on the PATH"
  exit 1
fi
log "installed: $(promtool --version 2>&1 | head -1)"
