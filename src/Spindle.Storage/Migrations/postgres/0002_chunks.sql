-- The chunks of vector-store files (IChunkStore). embedding is little-endian float32, NULL when no embedding
-- model is configured (keyword-only ranking).
CREATE TABLE chunks (
    tenant          text    NOT NULL,
    vector_store_id text    NOT NULL,
    file_id         text    NOT NULL,
    chunk_index     integer NOT NULL,
    file_name       text    NOT NULL,
    text            text    NOT NULL,
    embedding       bytea,
    PRIMARY KEY (tenant, vector_store_id, file_id, chunk_index)
);
