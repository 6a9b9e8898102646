#!/usr/bin/env bash
# Makes sure a `docker-compose` binary is available to validate docker-compose.yml (ComposeFileTest runs
# `docker-compose --env-file .env.example -f docker-compose.yml config -q`). Debian's docker-compose
# package validates and renders the file without a Docker daemon, which development and CI machines lack.
# Idempotent: does nothing when docker-compose is already on the PATH. Used by .ci/run and scripts/test.sh.
# Installing needs root (apt-get).
set -euo pipefail

log() { echo "[ensure-compose] $*" >&2; }

if command -v docker-compose >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  log "docker-compose is not installed and this user cannot install it:"
  log "run 'apt-get install -y docker-compose' as root (or install Docker Compose another way)"
  exit 1
fi
log "installing Debian's docker-compose package with apt-get"
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
if ! command -v docker-compose >/dev/null 2>&1; then
  log "apt-get installed docker-compose but it is still not on the PATH"
  exit 1
fi
log "installed: $(docker-compose version --short 2>/dev/null || docker-compose --version)"
