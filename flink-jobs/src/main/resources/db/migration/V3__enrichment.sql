-- Silver AI enrichment reaches Gold: per-case enrichment of the filing (from the active model),
-- topics per day and open high-urgency cases in the backlog. Model registry in the control plane.
ALTER TABLE gold.pqr_case
    ADD COLUMN inferred_type  text,
    ADD COLUMN category       text,
    ADD COLUMN sentiment      text,
    ADD COLUMN urgency        text,
    ADD COLUMN model_version  text;
CREATE INDEX pqr_case_category ON gold.pqr_case (tenant_id, filed_date, category);

ALTER TABLE gold.pqr_backlog ADD COLUMN open_high_urgency integer NOT NULL DEFAULT 0;

CREATE TABLE gold.pqr_topics_daily (
    tenant_id            text        NOT NULL,
    day                  date        NOT NULL,
    category             text        NOT NULL,
    received             integer     NOT NULL,
    negative_sentiment   integer     NOT NULL,
    high_urgency         integer     NOT NULL,
    last_run_id          text        NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, day, category)
);

CREATE TABLE control.models (
    model_version        text PRIMARY KEY,
    created_at           timestamptz NOT NULL,
    training_digest      text        NOT NULL,
    training_examples    integer     NOT NULL,
    algorithm            text        NOT NULL,
    artifact_path        text        NOT NULL,
    metrics              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status               text        NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'active', 'shadow', 'retired'))
);
CREATE UNIQUE INDEX models_one_active ON control.models ((status)) WHERE status = 'active';
CREATE UNIQUE INDEX models_one_shadow ON control.models ((status)) WHERE status = 'shadow';

-- The model files themselves, so that every Flink task (local or on a cluster) loads the same bytes.
CREATE TABLE control.model_artifacts (
    model_version        text PRIMARY KEY REFERENCES control.models (model_version),
    artifact             bytea       NOT NULL
);

ALTER TABLE control.runs ADD COLUMN model_version text, ADD COLUMN shadow_model_version text;
