-- Replay and verify: each run's content digest per table ({table: {rows, digest}}, see RowDigest) and the
-- Silver snapshot its job's de-duplication started from. Null for runs recorded before this migration.
ALTER TABLE control.runs
    ADD COLUMN content_digest            jsonb,
    ADD COLUMN silver_snapshot_at_start  bigint;
