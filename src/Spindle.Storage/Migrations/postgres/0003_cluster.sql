-- Several Spindle nodes on one database.

-- OpenAI's rule, kept by the database: a thread has at most one run that is not terminal. A second insert fails
-- with a unique violation, which the run service answers with OpenAI's 400.
CREATE UNIQUE INDEX ux_objects_active_run ON objects (tenant, parent_id)
    WHERE collection = 'runs' AND tag IN ('queued', 'in_progress', 'requires_action', 'cancelling');

-- Work leases on the rows that are work (runs to execute, vector-store files to ingest). The node that accepts the
-- work takes the lease and renews it while the work goes on; a lease past lease_until belongs to nobody and another
-- node claims the row (FOR UPDATE SKIP LOCKED). lease_token tells one take from the next, so a release never drops
-- a lease taken after it.
ALTER TABLE objects ADD COLUMN lease_owner text, ADD COLUMN lease_token text, ADD COLUMN lease_until timestamptz;
CREATE INDEX ix_objects_lease_owner ON objects (lease_owner) WHERE lease_owner IS NOT NULL;

-- Run events too large for a NOTIFY payload (8000 bytes): the notification carries the row's id instead.
CREATE TABLE run_events (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id            text        NOT NULL,
    name              text        NOT NULL,
    data              bytea       NOT NULL,
    data_with_content bytea,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- File bytes, in parts of at most 1 MiB, so every node reads every file and no read holds a whole file.
CREATE TABLE blob_parts (
    tenant  text    NOT NULL,
    file_id text    NOT NULL,
    part    integer NOT NULL,
    data    bytea   NOT NULL,
    PRIMARY KEY (tenant, file_id, part)
);
