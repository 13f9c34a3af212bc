-- Every API object is one row (DESIGN.md, Storage). seq is the insertion order that breaks created_at ties.
CREATE TABLE objects (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant     TEXT    NOT NULL,
    collection TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    parent_id  TEXT,
    scope      TEXT,
    created_at INTEGER NOT NULL,
    tag        TEXT,
    json       TEXT    NOT NULL
);

CREATE UNIQUE INDEX ux_objects_collection_id ON objects (collection, id);
CREATE INDEX ix_objects_list ON objects (tenant, collection, parent_id, created_at, seq);
CREATE INDEX ix_objects_scope ON objects (tenant, scope);
CREATE INDEX ix_objects_tag ON objects (collection, tag);
