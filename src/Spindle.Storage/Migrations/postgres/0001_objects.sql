-- Every API object is one row (DESIGN.md, Storage). seq is the insertion order that breaks created_at ties.
-- json is text, not jsonb, so the stored bytes are exactly the bytes written.
CREATE TABLE objects (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant     text   NOT NULL,
    collection text   NOT NULL,
    id         text   NOT NULL,
    parent_id  text,
    scope      text,
    created_at bigint NOT NULL,
    tag        text,
    json       text   NOT NULL
);

CREATE UNIQUE INDEX ux_objects_collection_id ON objects (collection, id);
CREATE INDEX ix_objects_list ON objects (tenant, collection, parent_id, created_at, seq);
CREATE INDEX ix_objects_scope ON objects (tenant, scope);
CREATE INDEX ix_objects_tag ON objects (collection, tag);
