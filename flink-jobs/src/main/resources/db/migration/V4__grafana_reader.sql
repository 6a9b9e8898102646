-- Grafana's read-only role pqr_grafana (created cluster-wide by scripts/ensure-postgres.sh, or by the
-- deployment): USAGE on gold and control, SELECT on every Gold table and on control.runs (the
-- Pipeline health dashboard shows the current run_id), and default privileges so that Gold tables
-- the migrating role creates later are readable too. Nothing else: the dashboards read only these
-- tables. Without the role this migration does nothing, so a database managed elsewhere still migrates.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_grafana') THEN
    GRANT USAGE ON SCHEMA gold, control TO pqr_grafana;
    GRANT SELECT ON ALL TABLES IN SCHEMA gold TO pqr_grafana;
    GRANT SELECT ON control.runs TO pqr_grafana;
    ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO pqr_grafana;
  END IF;
END
$$;
