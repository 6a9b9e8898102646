-- Gold: the official analytical API (BRIEF "Gold semantics v1"). Every table is recomputed from
-- gold.pqr_case, whose rows merge all distinct valid Silver events of a case, so upserts are
-- idempotent and independent of arrival order and of which job (stream, backfill) wrote them.
CREATE SCHEMA IF NOT EXISTS gold;

CREATE TABLE gold.pqr_case (
    tenant_id            text        NOT NULL,
    pqr_id               text        NOT NULL,
    filed_at             timestamptz,
    filed_event_id       text,
    channel              text,
    pqr_type             text,
    filed_date           date,
    due_date             date,
    first_response_at    timestamptz,
    first_response_date  date,
    status_event_time    timestamptz,
    status_event_id      text,
    status_event_type    text CHECK (status_event_type IN ('CERRADA', 'REABIERTA')),
    last_event_time      timestamptz NOT NULL,
    last_run_id          text        NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, pqr_id)
);
CREATE INDEX pqr_case_filed ON gold.pqr_case (tenant_id, filed_date, channel, pqr_type);
CREATE INDEX pqr_case_answered ON gold.pqr_case (tenant_id, first_response_date, channel, pqr_type);

CREATE TABLE gold.pqr_kpi_daily (
    tenant_id           text        NOT NULL,
    day                 date        NOT NULL,
    channel             text        NOT NULL,
    pqr_type            text        NOT NULL,
    received            integer     NOT NULL,
    answered            integer     NOT NULL,
    answered_on_time    integer     NOT NULL,
    avg_response_hours  double precision,
    last_run_id         text        NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, day, channel, pqr_type)
);

CREATE TABLE gold.pqr_backlog (
    tenant_id           text        PRIMARY KEY,
    as_of_date          date        NOT NULL,
    open                integer     NOT NULL,
    overdue             integer     NOT NULL,
    due_within_3_days   integer     NOT NULL,
    last_run_id         text        NOT NULL,
    updated_at          timestamptz NOT NULL
);
