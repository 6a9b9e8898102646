#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs locally and that the project's role and database exist.
# Idempotent: safe to run on every build. Used by .ci/run and bin/pqr-lakehouse.
#   - installs PostgreSQL with apt if it is missing (needs root),
#   - starts the cluster if it is installed but stopped,
#   - creates the owner role $PQR_PG_USER (LOGIN CREATEDB CREATEROLE, password $PQR_PG_PASSWORD) and database
#     $PQR_PG_DB; CREATEROLE lets the owner run `pqr-lakehouse tenant add` (tenant reader roles are cluster-wide),
#   - creates the pipeline's writer pqr_writer (LOGIN, password $PQR_PG_WRITER_PASSWORD, default pqr_writer),
#   - creates the all-tenant read-only analyst pqr_analyst (LOGIN, password $PQR_ANALYST_PASSWORD, default pqr_analyst),
#   - creates Grafana's read-only role pqr_grafana (LOGIN, password $PQR_GRAFANA_PASSWORD, default pqr_grafana), a
#     member of pqr_analyst.
# What each role may do in a database is granted by the Flyway migrations V4 and V5 (README "Security").
# If PQR_PG_URL points at another host, only the role/database step is attempted (as that user).
set -euo pipefail

PG_USER="${PQR_PG_USER:-pqr}"
PG_PASSWORD="${PQR_PG_PASSWORD:-pqr}"
PG_DB="${PQR_PG_DB:-pqr}"
PG_HOST="${PQR_PG_HOST:-127.0.0.1}"
PG_PORT="${PQR_PG_PORT:-5432}"
GRAFANA_USER="pqr_grafana"
GRAFANA_PASSWORD="${PQR_GRAFANA_PASSWORD:-pqr_grafana}"
WRITER_PASSWORD="${PQR_PG_WRITER_PASSWORD:-pqr_writer}"
ANALYST_PASSWORD="${PQR_ANALYST_PASSWORD:-pqr_analyst}"

log() { echo "[ensure-postgres] $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
    (cd / && su postgres -c "$(printf '%q ' "$@")")
  else
    "$@"
  fi
}

server_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }

if [ "$PG_HOST" = "127.0.0.1" ] || [ "$PG_HOST" = "localhost" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      log "PostgreSQL is not installed: installing it with apt-get"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      log "PostgreSQL is not installed and this user cannot install it; set PQR_PG_URL to an existing server"
      exit 1
    fi
  fi
  if ! server_ready; then
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      for version in $(ls /etc/postgresql 2>/dev/null); do
        for cluster in $(ls "/etc/postgresql/$version" 2>/dev/null); do
          log "starting PostgreSQL cluster $version/$cluster"
          pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start || true
        done
      done
      if [ -z "$(ls /etc/postgresql 2>/dev/null)" ] && command -v pg_createcluster >/dev/null 2>&1; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -1)
        log "creating PostgreSQL cluster $version/main"
        pg_createcluster "$version" main --start
      fi
    fi
    for _ in $(seq 1 30); do server_ready && break; sleep 1; done
  fi
  if ! server_ready; then
    log "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
    exit 1
  fi
  PSQL=(as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres)
  if [ "$(id -u)" != "0" ]; then
    PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -d postgres)
  fi
  "${PSQL[@]}" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG_USER}') THEN
    CREATE ROLE "${PG_USER}" LOGIN CREATEDB CREATEROLE PASSWORD '${PG_PASSWORD}';
  ELSE
    ALTER ROLE "${PG_USER}" LOGIN CREATEDB CREATEROLE;
  END IF;
END
\$\$;
SQL
  if [ "$("${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '${PG_DB}'")" != "1" ]; then
    log "creating database ${PG_DB}"
    "${PSQL[@]}" -c "CREATE DATABASE \"${PG_DB}\" OWNER \"${PG_USER}\""
  fi
  # Grafana's read-only role. It owns nothing and is granted only SELECT on gold (and control.runs)
  # by the Flyway migration V4__grafana_reader.sql, in every database the pipeline migrates.
  "${PSQL[@]}" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${GRAFANA_USER}') THEN
    CREATE ROLE "${GRAFANA_USER}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${GRAFANA_PASSWORD}';
  ELSE
    ALTER ROLE "${GRAFANA_USER}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${GRAFANA_PASSWORD}';
  END IF;
  -- The pipeline's writer and the all-tenant analyst: login roles that own nothing (grants come from V5).
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_writer') THEN
    CREATE ROLE pqr_writer LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${WRITER_PASSWORD}';
  ELSE
    ALTER ROLE pqr_writer LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${WRITER_PASSWORD}';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_analyst') THEN
    CREATE ROLE pqr_analyst LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${ANALYST_PASSWORD}';
  ELSE
    ALTER ROLE pqr_analyst LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${ANALYST_PASSWORD}';
  END IF;
  ALTER ROLE "${GRAFANA_USER}" INHERIT;
  GRANT pqr_analyst TO "${GRAFANA_USER}";
END
\$\$;
SQL
  log "PostgreSQL ready on $PG_HOST:$PG_PORT (role ${PG_USER}, database ${PG_DB})"
else
  log "using the PostgreSQL server at $PG_HOST:$PG_PORT as configured; not managing it"
fi
