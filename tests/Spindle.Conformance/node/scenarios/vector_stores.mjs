// Scenario vector_stores — vector stores, file batches and search through the Node SDK's helpers.
//
// Expected upstream (fake model) behaviour: NONE for chat. Embeddings only when Spindle has an embedding model.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_POLL_INTERVAL_MS (optional)
//
// Flow: vectorStores.create (empty: completed) -> fileBatches.uploadAndPoll (2 uploads) ->
//   fileBatches.createAndPoll (1 already uploaded file) -> files.list (+ filter=completed) ->
//   files.retrieve -> vectorStores.retrieve (file_counts settled) -> search -> files.delete (detach) ->
//   vectorStores.delete.
//
// Success line: {"ok":true,"scenario":"vector_stores","vector_store_id","batch_ids","file_ids",
//   "file_counts","top_hit_file_id","top_hit_filename"}

import { toFile } from 'openai';
import { run, makeClient, assert, pollOptions, randomTag, assertId, assertUnixSeconds } from './lib.mjs';

function assertCounts(counts, expected, what) {
  assert.deepEqual(
    { in_progress: counts.in_progress, completed: counts.completed, failed: counts.failed, cancelled: counts.cancelled, total: counts.total },
    expected,
    `${what}.file_counts`,
  );
}

run(import.meta.url, async () => {
  const client = makeClient();
  const tag = randomTag('vs');

  const store = await client.vectorStores.create({ name: `node ${tag}`, metadata: { suite: tag } });
  assertId(store.id, 'vs_', 'vector_store.id');
  assert.equal(store.object, 'vector_store');
  assertUnixSeconds(store.created_at, 'vector_store.created_at');
  assert.equal(store.status, 'completed', 'an empty store is created completed');
  assertCounts(store.file_counts, { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 }, 'empty store');

  const uploads = [
    await toFile(Buffer.from('The aurora borealis is visible near the arctic circle in winter.'), 'aurora.txt'),
    await toFile(Buffer.from('# Tides\nTides are caused by the gravity of the moon and the sun.'), 'tides.md'),
  ];
  const uploaded = await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files: uploads }, pollOptions());
  assertId(uploaded.id, 'vsfb_', 'batch.id');
  assert.equal(uploaded.vector_store_id, store.id);
  assert.equal(uploaded.status, 'completed', 'uploadAndPoll returns the finished batch');
  assertCounts(uploaded.file_counts, { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 }, 'uploaded batch');

  const extra = await client.files.create({ file: await toFile(Buffer.from('Volcanoes erupt when magma rises.'), 'volcano.txt'), purpose: 'assistants' });
  const created = await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: [extra.id] }, pollOptions());
  assert.equal(created.status, 'completed', 'createAndPoll returns the finished batch');
  assertCounts(created.file_counts, { in_progress: 0, completed: 1, failed: 0, cancelled: 0, total: 1 }, 'created batch');

  const listed = [];
  for await (const file of client.vectorStores.files.list(store.id, { limit: 2 })) listed.push(file);
  assert.equal(listed.length, 3, 'files.list pages through every file');
  for (const file of listed) {
    assertId(file.id, 'file-', 'vector_store.file.id');
    assert.equal(file.object, 'vector_store.file');
    assert.equal(file.vector_store_id, store.id);
    assert.equal(file.status, 'completed');
    assert.equal(file.last_error, null);
    assert.deepEqual(file.chunking_strategy, { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } });
  }
  const completed = await client.vectorStores.files.list(store.id, { filter: 'completed' });
  assert.equal(completed.data.length, 3, 'filter=completed');
  const failed = await client.vectorStores.files.list(store.id, { filter: 'failed' });
  assert.equal(failed.data.length, 0, 'filter=failed');

  const one = await client.vectorStores.files.retrieve(extra.id, { vector_store_id: store.id });
  assert.equal(one.id, extra.id, 'a vector-store file has the file id');

  const settled = await client.vectorStores.retrieve(store.id);
  assert.equal(settled.status, 'completed');
  assertCounts(settled.file_counts, { in_progress: 0, completed: 3, failed: 0, cancelled: 0, total: 3 }, 'settled store');
  assert.ok(settled.usage_bytes > 0, 'usage_bytes counts the indexed files');

  const results = await client.vectorStores.search(store.id, { query: 'what causes tides?', max_num_results: 2 });
  assert.ok(results.data.length >= 1, 'search finds something');
  for (const hit of results.data) {
    assert.equal(typeof hit.score, 'number');
    assert.ok(hit.score >= 0 && hit.score <= 1, `score in 0..1, got ${hit.score}`);
    assert.equal(hit.content[0].type, 'text');
  }

  const detached = await client.vectorStores.files.delete(extra.id, { vector_store_id: store.id });
  assert.deepEqual(detached, { id: extra.id, object: 'vector_store.file.deleted', deleted: true });
  const stillThere = await client.files.retrieve(extra.id);
  assert.equal(stillThere.id, extra.id, 'detaching keeps the file');

  const deleted = await client.vectorStores.delete(store.id);
  assert.equal(deleted.object, 'vector_store.deleted');

  return {
    vector_store_id: store.id,
    batch_ids: [uploaded.id, created.id],
    file_ids: listed.map((f) => f.id),
    file_counts: settled.file_counts,
    top_hit_file_id: results.data[0].file_id,
    top_hit_filename: results.data[0].filename,
  };
});
