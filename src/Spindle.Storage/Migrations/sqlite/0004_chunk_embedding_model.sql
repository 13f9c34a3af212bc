-- Which model embedded each chunk (IndexedChunk.EmbeddingModel), so vectors of two models are never compared.
-- NULL for chunks without an embedding and for chunks embedded before the column existed.
ALTER TABLE chunks ADD COLUMN embedding_model TEXT;
