-- How far each stream lineage's input is committed in every lakehouse table. A lineage is one logical
-- consumer of one input (topic, its Kafka topic id, consumer group or range): the executions of one
-- stream, including one restored from an older checkpoint or savepoint, share it. The committer
-- raises high_water only after every table's commits up to a completed checkpoint succeeded, so every
-- record of the lineage at or below it is in Bronze or quarantine; a restored execution skips those
-- records instead of writing them twice (the replay guard).
CREATE TABLE control.source_progress (
    lineage      text        NOT NULL,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    high_water   bigint      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lineage, topic, partition)
);
GRANT SELECT, INSERT, UPDATE ON control.source_progress TO pqr_writer;
GRANT SELECT ON control.source_progress TO pqr_analyst;
