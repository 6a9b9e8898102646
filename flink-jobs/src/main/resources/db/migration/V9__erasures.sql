-- Right to erasure (Ley 1581 de 2012): one row per `pqr-lakehouse erase`. The citizen is recorded by
-- the Silver pseudonym token (HMAC-SHA256 of document type and number under the pseudonym key), never
-- by the document number: whoever holds the key can check whether a given person was erased, nobody
-- else can tell who it was. The counts say what each layer lost.
CREATE TABLE control.erasures (
    erasure_id              text        PRIMARY KEY,
    tenant_id               text        NOT NULL,
    document_type           text        NOT NULL,
    citizen_token           text        NOT NULL,
    cases                   integer     NOT NULL,
    raw_records             bigint      NOT NULL,
    raw_files_rewritten     integer     NOT NULL,
    bronze_rows             bigint      NOT NULL,
    quarantine_rows         bigint      NOT NULL,
    silver_rows             bigint      NOT NULL,
    gold_cases              integer     NOT NULL,
    snapshots_expired       integer     NOT NULL,
    files_removed           integer     NOT NULL,
    started_at              timestamptz NOT NULL,
    finished_at             timestamptz NOT NULL,
    code_version            text        NOT NULL
);
CREATE INDEX erasures_citizen ON control.erasures (tenant_id, citizen_token);
