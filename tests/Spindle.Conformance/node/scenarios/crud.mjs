// Scenario crud — assistants, threads and messages CRUD plus OpenAI-shaped errors.
//
// Expected upstream (fake model) behaviour: NONE. No run is created, no model call is made.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o)
//
// Flow: assistant create/update/retrieve -> thread create (with messages + metadata) -> thread
//   update/retrieve -> message create/retrieve/update/list (+ run_id filter) -> message delete ->
//   thread delete -> 404 on the deleted thread -> 400 with param "temperature" -> assistant delete.
//
// Success line: {"ok":true,"scenario":"crud","assistant_id","thread_id","message_id",
//   "not_found_error","bad_request_error"}

import {
  run, makeClient, assert, MODEL, OpenAI, randomTag,
  assertId, assertUnixSeconds, textOf, expectApiError, assertOpenAIErrorShape,
} from './lib.mjs';

function assertUserMessage(m, threadId, text, what) {
  assert.equal(m.object, 'thread.message', `${what}.object`);
  assertId(m.id, 'msg_', `${what}.id`);
  assertUnixSeconds(m.created_at, `${what}.created_at`);
  assert.equal(m.thread_id, threadId, `${what}.thread_id`);
  assert.equal(m.role, 'user', `${what}.role`);
  assert.equal(m.content.length, 1, `${what}.content has one part`);
  assert.equal(textOf(m, what), text);
  assert.deepEqual(m.content[0].text.annotations, [], `${what} annotations`);
  assert.equal(m.assistant_id, null, `${what}.assistant_id`);
  assert.equal(m.run_id, null, `${what}.run_id`);
  assert.deepEqual(m.attachments, [], `${what}.attachments`);
  assert.equal(m.status, 'completed', `${what}.status (user-created messages are completed)`);
}

run(import.meta.url, async () => {
  const client = makeClient();
  const tag = randomTag('crud');

  // --- assistant: create, update (partial), retrieve --------------------------------------------
  const created = await client.beta.assistants.create({
    model: MODEL,
    name: 'CRUD original',
    description: 'crud scenario',
    instructions: 'Be brief.',
    metadata: { suite: tag, stage: 'created' },
  });
  assert.equal(created.object, 'assistant');
  assertId(created.id, 'asst_', 'assistant.id');
  assertUnixSeconds(created.created_at, 'assistant.created_at');
  assert.equal(created.name, 'CRUD original');
  assert.equal(created.description, 'crud scenario');
  assert.equal(created.model, MODEL);
  assert.deepEqual(created.tools, []);
  assert.deepEqual(created.metadata, { suite: tag, stage: 'created' });

  const updated = await client.beta.assistants.update(created.id, {
    name: 'CRUD renamed',
    metadata: { suite: tag, stage: 'updated' },
  });
  assert.equal(updated.id, created.id);
  assert.equal(updated.name, 'CRUD renamed');
  assert.deepEqual(updated.metadata, { suite: tag, stage: 'updated' });
  assert.equal(updated.instructions, 'Be brief.', 'fields not in the update are kept');
  assert.equal(updated.description, 'crud scenario');
  assert.equal(updated.created_at, created.created_at);

  const retrieved = await client.beta.assistants.retrieve(created.id);
  assert.equal(retrieved.name, 'CRUD renamed');
  assert.deepEqual(retrieved.metadata, { suite: tag, stage: 'updated' });
  assert.equal(retrieved.instructions, 'Be brief.');

  // --- thread: create with messages + metadata, update, retrieve --------------------------------
  const thread = await client.beta.threads.create({
    messages: [
      { role: 'user', content: 'First seeded message' },
      { role: 'user', content: [{ type: 'text', text: 'Second seeded message' }] },
    ],
    metadata: { suite: tag, stage: 'created' },
  });
  assert.equal(thread.object, 'thread');
  assertId(thread.id, 'thread_', 'thread.id');
  assertUnixSeconds(thread.created_at, 'thread.created_at');
  assert.deepEqual(thread.metadata, { suite: tag, stage: 'created' });
  assert.ok('tool_resources' in thread, 'thread.tool_resources is present');

  const seeded = await client.beta.threads.messages.list(thread.id, { order: 'asc' });
  assert.equal(seeded.data.length, 2, 'the two seeded messages');
  assertUserMessage(seeded.data[0], thread.id, 'First seeded message', 'seeded[0]');
  assertUserMessage(seeded.data[1], thread.id, 'Second seeded message', 'seeded[1]');

  const threadUpdated = await client.beta.threads.update(thread.id, { metadata: { suite: tag, stage: 'updated' } });
  assert.equal(threadUpdated.id, thread.id);
  assert.deepEqual(threadUpdated.metadata, { suite: tag, stage: 'updated' });
  const threadRetrieved = await client.beta.threads.retrieve(thread.id);
  assert.deepEqual(threadRetrieved.metadata, { suite: tag, stage: 'updated' });
  assert.equal(threadRetrieved.created_at, thread.created_at);

  // --- message: create, retrieve, update metadata, list ------------------------------------------
  const msg = await client.beta.threads.messages.create(thread.id, {
    role: 'user',
    content: 'Third message',
    metadata: { n: '3' },
  });
  assertUserMessage(msg, thread.id, 'Third message', 'created message');
  assert.deepEqual(msg.metadata, { n: '3' });

  const msgRetrieved = await client.beta.threads.messages.retrieve(msg.id, { thread_id: thread.id });
  assert.deepEqual(msgRetrieved, msg, 'retrieve returns the same message');

  const msgUpdated = await client.beta.threads.messages.update(msg.id, {
    thread_id: thread.id,
    metadata: { n: '3', edited: 'yes' },
  });
  assert.equal(msgUpdated.id, msg.id);
  assert.deepEqual(msgUpdated.metadata, { n: '3', edited: 'yes' });
  assert.equal(textOf(msgUpdated, 'updated message'), 'Third message', 'content untouched by update');

  const all = await client.beta.threads.messages.list(thread.id);
  assert.deepEqual(
    all.data.map((m) => m.id),
    [msg.id, seeded.data[1].id, seeded.data[0].id],
    'default order desc: newest first',
  );
  assert.equal(all.has_more, false);
  assert.equal(all.body.first_id, msg.id);
  assert.equal(all.body.last_id, seeded.data[0].id);

  const byRun = await client.beta.threads.messages.list(thread.id, { run_id: 'run_doesnotexist000000000000' });
  assert.deepEqual(byRun.data, [], 'run_id filter: no user message was created by a run');
  assert.equal(byRun.has_more, false);

  // --- message delete ---------------------------------------------------------------------------
  const msgDeleted = await client.beta.threads.messages.delete(msg.id, { thread_id: thread.id });
  assert.deepEqual(msgDeleted, { id: msg.id, object: 'thread.message.deleted', deleted: true });
  await expectApiError(
    () => client.beta.threads.messages.retrieve(msg.id, { thread_id: thread.id }),
    OpenAI.NotFoundError, 404, 'retrieve deleted message',
  );
  const afterDelete = await client.beta.threads.messages.list(thread.id);
  assert.equal(afterDelete.data.length, 2);

  // --- thread delete, then 404 ------------------------------------------------------------------
  const threadDeleted = await client.beta.threads.delete(thread.id);
  assert.deepEqual(threadDeleted, { id: thread.id, object: 'thread.deleted', deleted: true });
  const notFound = await expectApiError(
    () => client.beta.threads.retrieve(thread.id),
    OpenAI.NotFoundError, 404, 'retrieve deleted thread',
  );
  const nfBody = assertOpenAIErrorShape(notFound, 'thread 404');
  assert.equal(nfBody.type, 'invalid_request_error', '404 error.type');
  assert.equal(notFound.type, 'invalid_request_error', 'SDK copies error.type onto the exception');
  assert.ok(notFound.message.includes(nfBody.message), 'SDK message carries error.message');
  await expectApiError(
    () => client.beta.threads.messages.list(thread.id),
    OpenAI.NotFoundError, 404, 'list messages of a deleted thread',
  );

  // --- 400 with the offending param --------------------------------------------------------------
  const badRequest = await expectApiError(
    () => client.beta.assistants.create({ model: MODEL, temperature: 5 }),
    OpenAI.BadRequestError, 400, 'create assistant with temperature 5',
  );
  const brBody = assertOpenAIErrorShape(badRequest, 'temperature 400');
  assert.equal(brBody.type, 'invalid_request_error', '400 error.type');
  assert.equal(brBody.param, 'temperature', '400 error.param names the field');
  assert.equal(badRequest.param, 'temperature');

  // --- cleanup ------------------------------------------------------------------------------------
  const asstDeleted = await client.beta.assistants.delete(created.id);
  assert.deepEqual(asstDeleted, { id: created.id, object: 'assistant.deleted', deleted: true });
  await expectApiError(() => client.beta.assistants.retrieve(created.id), OpenAI.NotFoundError, 404, 'retrieve deleted assistant');

  return {
    assistant_id: created.id,
    thread_id: thread.id,
    message_id: msg.id,
    not_found_error: { ...nfBody, request_id: notFound.requestID ?? null },
    bad_request_error: { ...brBody, request_id: badRequest.requestID ?? null },
  };
});
