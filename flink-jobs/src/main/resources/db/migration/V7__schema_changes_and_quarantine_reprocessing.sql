-- Schema evolution: every change to a lakehouse table's schema (e.g. contract v2's fields promoted to
-- typed Bronze/Silver columns), written after the Iceberg schema update committed.
CREATE TABLE control.schema_changes (
    change_id       bigserial   PRIMARY KEY,
    table_name      text        NOT NULL,
    change          text        NOT NULL,
    from_schema_id  integer     NOT NULL,
    to_schema_id    integer     NOT NULL,
    changed_at      timestamptz NOT NULL,
    changed_by      text        NOT NULL
);

-- Quarantined records moved into the pipeline by `quarantine reprocess`, keyed by their source
-- coordinates, so that a second reprocess never moves a record again.
CREATE TABLE control.quarantine_reprocessed (
    source_topic      text        NOT NULL,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    reason_code       text        NOT NULL,
    run_id            text        NOT NULL,
    reprocessed_at    timestamptz NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);

-- A reprocess is a run of its own; replay is listed for the replay command (issue 8 item 4).
ALTER TABLE control.runs DROP CONSTRAINT IF EXISTS runs_mode_check;
ALTER TABLE control.runs ADD CONSTRAINT runs_mode_check CHECK (mode IN ('stream', 'backfill', 'reprocess', 'replay'));

-- Where the roles of the security migration exist: the writer may run `schema promote` and
-- `quarantine reprocess`, the analyst may read what changed.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pqr_writer') THEN
    GRANT SELECT, INSERT ON control.schema_changes, control.quarantine_reprocessed TO pqr_writer;
    GRANT USAGE ON SEQUENCE control.schema_changes_change_id_seq TO pqr_writer;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pqr_analyst') THEN
    GRANT SELECT ON control.schema_changes, control.quarantine_reprocessed TO pqr_analyst;
  END IF;
END
$$;
