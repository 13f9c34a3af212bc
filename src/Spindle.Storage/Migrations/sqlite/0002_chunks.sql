-- The chunks of vector-store files (IChunkStore). embedding is little-endian float32, NULL when no embedding
-- model is configured (keyword-only ranking).
CREATE TABLE chunks (
    tenant          TEXT    NOT NULL,
    vector_store_id TEXT    NOT NULL,
    file_id         TEXT    NOT NULL,
    chunk_index     INTEGER NOT NULL,
    file_name       TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    embedding       BLOB,
    PRIMARY KEY (tenant, vector_store_id, file_id, chunk_index)
);
