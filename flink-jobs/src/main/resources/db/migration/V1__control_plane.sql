-- Control plane: one row per run, written only after the run's data has been committed.
CREATE SCHEMA IF NOT EXISTS control;
CREATE SCHEMA IF NOT EXISTS iceberg;

CREATE TABLE control.runs (
    run_id                text PRIMARY KEY,
    job                   text        NOT NULL,
    mode                  text        NOT NULL CHECK (mode IN ('stream', 'backfill')),
    status                text        NOT NULL,
    run_seq               integer     NOT NULL,
    input_range           jsonb       NOT NULL,
    started_at            timestamptz NOT NULL,
    committed_at          timestamptz NOT NULL,
    records_in            bigint      NOT NULL,
    records_valid         bigint      NOT NULL,
    records_quarantined   bigint      NOT NULL,
    records_deduplicated  bigint      NOT NULL,
    records_silver        bigint      NOT NULL,
    snapshot_ids          jsonb       NOT NULL,
    code_version          text        NOT NULL
);
CREATE INDEX runs_committed_at ON control.runs (committed_at DESC);
