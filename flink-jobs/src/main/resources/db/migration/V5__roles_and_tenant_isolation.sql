-- Who may read and write what (README "Security"). Four kinds of role:
--   * the owner: the role that runs these migrations (CURRENT_USER here, `pqr` locally). It owns every table;
--   * pqr_writer: the pipeline's writer. Upserts Gold, records control.runs, commits Iceberg snapshots in the
--     JDBC catalog, reads the model registry. It owns nothing, so it cannot DROP, ALTER or TRUNCATE;
--   * pqr_analyst: all-tenant read-only (internal dashboards); pqr_grafana becomes a member of it;
--   * one reader per tenant (`pqr-lakehouse tenant add T`), mapped in control.tenant_readers: it sees only
--     its tenant's Gold rows.
-- Gold rows are filtered by row-level security, ENABLEd and FORCEd (so the owner, too, reads only through a
-- policy) with default deny: a role sees a row only through one of the policies below. The tenant policy is
-- keyed on current_user, which a session cannot change without SET ROLE to a role it is a member of (tenant
-- readers are members of nothing); no session variable takes part.
-- pqr_writer and pqr_analyst are cluster-wide: scripts/ensure-postgres.sh (or the deployment) creates them
-- with LOGIN and a password. If they are missing, this migration creates them NOLOGIN, which needs CREATEROLE.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_writer') THEN
    CREATE ROLE pqr_writer NOLOGIN NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_analyst') THEN
    CREATE ROLE pqr_analyst NOLOGIN NOINHERIT;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION 'roles pqr_writer and pqr_analyst are missing and % cannot create them: run scripts/ensure-postgres.sh, or ALTER ROLE % CREATEROLE as a superuser', current_user, current_user;
END
$$;

CREATE TABLE control.tenant_readers (
    role_name   text PRIMARY KEY,
    tenant_id   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Schemas: USAGE only; nobody but the owner may CREATE in them.
REVOKE ALL ON SCHEMA gold, control, iceberg FROM PUBLIC;
GRANT USAGE ON SCHEMA gold, control, iceberg TO pqr_writer;
GRANT USAGE ON SCHEMA gold, control TO pqr_analyst;

-- The writer: Gold upserts (GoldStore deletes KPI/topic rows that became empty), run ledger, model registry
-- reads, and the Iceberg JDBC catalog's own tables (commits swap metadata locations).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA gold TO pqr_writer;
GRANT SELECT, INSERT, UPDATE ON control.runs TO pqr_writer;
GRANT SELECT ON control.models, control.model_artifacts TO pqr_writer;
GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA iceberg TO pqr_writer;

-- The analyst: every Gold row and the run ledger, what the dashboards read (as pqr_grafana had in V4); nothing else.
GRANT SELECT ON ALL TABLES IN SCHEMA gold TO pqr_analyst;
GRANT SELECT ON control.runs TO pqr_analyst;

-- Gold tables created by later migrations (the owner runs them) get the same grants; their RLS policies
-- must be added by that migration (see README "Security").
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pqr_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA gold GRANT SELECT ON TABLES TO pqr_analyst;
-- The JDBC catalog creates its tables (iceberg.iceberg_tables, ...) right after the migrations, as the owner.
ALTER DEFAULT PRIVILEGES IN SCHEMA iceberg GRANT SELECT, UPDATE ON TABLES TO pqr_writer;

-- Grafana's existing login (V4) is the internal dashboards' analyst: it reads every tenant's rows.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pqr_grafana')
     AND NOT pg_has_role('pqr_grafana', 'pqr_analyst', 'USAGE') THEN
    GRANT pqr_analyst TO pqr_grafana;
    ALTER ROLE pqr_grafana INHERIT;
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE EXCEPTION 'cannot make pqr_grafana a member of pqr_analyst as %: run scripts/ensure-postgres.sh, or ALTER ROLE % CREATEROLE as a superuser', current_user, current_user;
END
$$;

-- Row-level security on every Gold table: ENABLE + FORCE, default deny, one permissive policy per kind of role.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['pqr_case', 'pqr_kpi_daily', 'pqr_backlog', 'pqr_topics_daily'] LOOP
    EXECUTE format('ALTER TABLE gold.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE gold.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY owner_all ON gold.%I FOR ALL TO %I USING (true) WITH CHECK (true)', t, current_user);
    EXECUTE format('CREATE POLICY writer_all ON gold.%I FOR ALL TO pqr_writer USING (true) WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY analyst_read ON gold.%I FOR SELECT TO pqr_analyst USING (true)', t);
    EXECUTE format('CREATE POLICY tenant_read ON gold.%I FOR SELECT TO PUBLIC USING (tenant_id = '
        || '(SELECT r.tenant_id FROM control.tenant_readers r WHERE r.role_name = current_user))', t);
  END LOOP;
END
$$;

-- The mapping itself: a tenant reader sees only its own row (the Gold policy's subquery runs as that reader),
-- so it cannot learn which other tenants exist.
ALTER TABLE control.tenant_readers ENABLE ROW LEVEL SECURITY;
ALTER TABLE control.tenant_readers FORCE ROW LEVEL SECURITY;
DO $$
BEGIN
  EXECUTE format('CREATE POLICY owner_all ON control.tenant_readers FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
CREATE POLICY self_read ON control.tenant_readers FOR SELECT TO PUBLIC USING (role_name = current_user);
