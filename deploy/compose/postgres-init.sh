#!/usr/bin/env bash
# Runs once, when the postgres container of docker-compose.yml initialises its empty data volume
# (/docker-entrypoint-initdb.d): creates Grafana's read-only login role. It owns nothing; the pipeline's
# Flyway migration V4__grafana_reader.sql grants it SELECT on gold.* and control.runs.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$PQR_GRAFANA_PASSWORD" <<'SQL'
CREATE ROLE pqr_grafana LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SQL
