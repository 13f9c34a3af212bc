// Scenario seed000 — seed 000 ("Simple English Wikipedia Assistant") through the Node SDK: an assistant with a
// multi-line prompt and `tools: []`, an HTML page as the user message, runs.createAndPoll, then the seed's loop over
// messages.list (every message's content[0] is text; assistant texts concatenated). Then the seed's streaming
// EventHandler (on_text_created / on_text_delta / on_end) as runs.stream's 'textCreated' / 'textDelta' / 'end'.
//
// Expected upstream (fake model) behaviour:
//   model call 1 (createAndPoll, thread 1): ONE plain text reply = $EXPECT_TEXT.
//   model call 2 (runs.stream, thread 2):   ONE plain text reply = $EXPECT_TEXT2, in one or more chunks.
//   No tool calls. Both requests carry the assistant's multi-line instructions and the HTML page verbatim.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o), SPINDLE_POLL_INTERVAL_MS (optional)
//   HTML_CONTENT  required: the page sent as the user message (both threads)
//   EXPECT_TEXT   required: the reply to the polled run
//   EXPECT_TEXT2  required: the reply to the streamed run
//
// Flow: assistants.create -> threads.create -> messages.create(html) -> runs.createAndPoll ->
//   for await (messages.list) -> threads.create -> messages.create(html) -> runs.stream(...).on(...) until 'end'.
//
// Success line: {"ok":true,"scenario":"seed000","assistant_id","thread_id","run_id","status","content",
//   "message_roles","stream_thread_id","stream_run_id","printed","text_created","delta_count","ended"}

import {
  run, makeClient, requireEnv, pollOptions, assert, MODEL,
  assertId, textOf,
} from './lib.mjs';

const NAME = 'Simple English Wikipedia Assistant';
const INSTRUCTIONS = `Your
very
cool
multi-line
prompt.`;

run(import.meta.url, async () => {
  const htmlContent = requireEnv('HTML_CONTENT');
  const expectText = requireEnv('EXPECT_TEXT');
  const expectText2 = requireEnv('EXPECT_TEXT2');
  const client = makeClient();

  // --- assistant, as the seed creates it --------------------------------------------------------
  const assistant = await client.beta.assistants.create({
    name: NAME,
    instructions: INSTRUCTIONS,
    tools: [],
    model: MODEL,
  });
  assertId(assistant.id, 'asst_', 'assistant.id');
  assert.equal(assistant.object, 'assistant');
  assert.equal(assistant.name, NAME);
  assert.equal(assistant.instructions, INSTRUCTIONS, 'multi-line instructions round-trip unchanged');
  assert.equal(assistant.model, MODEL);
  assert.deepEqual(assistant.tools, []);
  const ASSISTANT_ID = assistant.id;

  // --- "in the endpoint, to do the actual task" ---------------------------------------------------
  const thread = await client.beta.threads.create();
  assertId(thread.id, 'thread_', 'thread.id');
  const userMessage = await client.beta.threads.messages.create(thread.id, {
    role: 'user',
    content: htmlContent,
  });
  assert.equal(userMessage.role, 'user');
  assert.equal(textOf(userMessage, 'user message'), htmlContent, 'the HTML string is stored verbatim');

  const runObj = await client.beta.threads.runs.createAndPoll(
    thread.id,
    { assistant_id: ASSISTANT_ID },
    pollOptions(),
  );
  assert.equal(runObj.status, 'completed', `run status (last_error=${JSON.stringify(runObj.last_error)})`);
  assertId(runObj.id, 'run_', 'run.id');
  assert.equal(runObj.assistant_id, ASSISTANT_ID);
  assert.equal(runObj.instructions, INSTRUCTIONS, 'run.instructions defaults to the assistant instructions');
  assert.deepEqual(runObj.tools, []);

  let content = '';
  const roles = [];
  if (runObj.status === 'completed') {
    // Python iterates the SyncCursorPage (auto-pagination); Node's `for await` does the same.
    for await (const message of client.beta.threads.messages.list(thread.id)) {
      assert.equal(message.content[0].type, 'text', `message ${message.id} content[0].type`);
      roles.push(message.role);
      if (message.role === 'assistant') {
        content += message.content[0].text.value;
      }
    }
  }
  assert.deepEqual(roles, ['assistant', 'user'], 'messages.list default order is newest first');
  assert.equal(content, expectText, 'concatenated assistant texts');

  // --- the seed's streaming EventHandler --------------------------------------------------------
  const streamThread = await client.beta.threads.create();
  await client.beta.threads.messages.create(streamThread.id, { role: 'user', content: htmlContent });

  let printed = '';
  let textCreated = 0;
  let ended = 0;
  const deltaValues = [];
  const stream = client.beta.threads.runs
    .stream(streamThread.id, { assistant_id: ASSISTANT_ID })
    .on('textCreated', () => { textCreated++; printed += ''; })
    .on('textDelta', (delta) => { deltaValues.push(delta.value); printed += delta.value; })
    .on('end', () => { ended++; printed += ''; });

  await new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const streamRun = await stream.finalRun();

  assert.equal(ended, 1, "'end' fires once");
  assert.equal(textCreated, 1, "'textCreated' fires once");
  assert.ok(deltaValues.length >= 1, 'at least one text delta');
  deltaValues.forEach((v, i) => assert.equal(typeof v, 'string', `textDelta ${i}: delta.value must be a string`));
  assert.equal(printed, expectText2, 'printed deltas');
  assert.equal(streamRun.status, 'completed', `stream run status (last_error=${JSON.stringify(streamRun.last_error)})`);
  assert.equal(streamRun.thread_id, streamThread.id);

  const streamMessages = await client.beta.threads.messages.list(streamThread.id);
  assert.equal(streamMessages.data.length, 2);
  assert.equal(textOf(streamMessages.data[0], 'streamed reply'), expectText2);
  assert.equal(textOf(streamMessages.data[1], 'stream thread user message'), htmlContent);

  return {
    assistant_id: ASSISTANT_ID,
    thread_id: thread.id,
    run_id: runObj.id,
    status: runObj.status,
    content,
    message_roles: roles,
    stream_thread_id: streamThread.id,
    stream_run_id: streamRun.id,
    printed,
    text_created: textCreated,
    delta_count: deltaValues.length,
    ended,
  };
});
