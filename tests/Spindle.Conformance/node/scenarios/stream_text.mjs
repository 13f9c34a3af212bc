// Scenario stream_text — a streamed plain-text run through the SDK's AssistantStream helper.
//
// Expected upstream (fake model) behaviour:
//   exactly ONE model call, answered with ONE plain text reply whose full text is $EXPECT_TEXT
//   (streamed in one or more chunks; no tool calls), with non-zero token usage.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o)
//   EXPECT_TEXT     required: the assistant reply
//   EXPECT_DELTAS   optional: if set, the exact number of thread.message.delta events expected
//
// Flow: assistant + thread + message -> client.beta.threads.runs.stream(thread.id, {assistant_id})
//   with on('event'|'textCreated'|'textDelta'|'textDone'|'messageDone') -> finalMessages() /
//   finalRun() / finalRunSteps() -> messages.retrieve of the streamed message.
//
// Required event sequence (exactly):
//   thread.run.created, thread.run.queued, thread.run.in_progress, thread.run.step.created,
//   thread.run.step.in_progress, thread.message.created, thread.message.in_progress,
//   thread.message.delta (one or more), thread.message.completed, thread.run.step.completed,
//   thread.run.completed
// (`done`/[DONE] is consumed by the SDK and never surfaces as an event.)
//
// Success line: {"ok":true,"scenario":"stream_text","assistant_id","thread_id","run_id","message_id",
//   "step_id","events","events_compact","delta_count","text"}

import {
  run, makeClient, requireEnv, assert, MODEL,
  assertId, textOf, assertEventSequence, compactNames, MESSAGE_STEP,
} from './lib.mjs';

const TEXT_RUN_SEQUENCE = [
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  ...MESSAGE_STEP,
  'thread.run.completed',
];

run(import.meta.url, async () => {
  const expectText = requireEnv('EXPECT_TEXT');
  const expectDeltas = process.env.EXPECT_DELTAS ? Number.parseInt(process.env.EXPECT_DELTAS, 10) : undefined;
  const client = makeClient();

  const assistant = await client.beta.assistants.create({
    name: 'Streamer',
    instructions: 'You answer briefly.',
    model: MODEL,
  });
  const thread = await client.beta.threads.create();
  await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Say something.' });

  // Listeners only record; all assertions run after the stream, so a failure is reported as an
  // assertion rather than wrapped by the stream's error handling.
  const names = [];
  const events = [];
  const textCreated = [];
  const deltas = [];
  const snapshots = [];
  const textDone = [];
  const messageDone = [];

  // 6.x: runs.stream(threadId, body, options?) -> AssistantStream (POST /threads/{id}/runs, stream:true)
  const stream = client.beta.threads.runs
    .stream(thread.id, { assistant_id: assistant.id })
    .on('event', (e) => { names.push(e.event); events.push(structuredClone(e)); }) // the SDK mutates event data while accumulating
    .on('textCreated', (text) => textCreated.push(structuredClone(text)))
    .on('textDelta', (delta, snapshot) => {
      deltas.push(delta.value ?? '');
      snapshots.push(snapshot.value);
    })
    .on('textDone', (text) => textDone.push(structuredClone(text)))
    .on('messageDone', (message) => messageDone.push(message));

  const finalMessages = await stream.finalMessages();
  const finalRun = await stream.finalRun();
  const finalSteps = await stream.finalRunSteps();

  // --- event sequence -----------------------------------------------------------------------------
  assertEventSequence(names, TEXT_RUN_SEQUENCE, 'runs.stream events');
  const deltaCount = names.filter((n) => n === 'thread.message.delta').length;
  if (expectDeltas !== undefined) assert.equal(deltaCount, expectDeltas, 'number of thread.message.delta events');

  // --- the text, four ways -------------------------------------------------------------------------
  const concatenated = deltas.join('');
  assert.equal(concatenated, expectText, 'concatenated text deltas');
  assert.equal(textCreated.length, 1, 'textCreated fires once');
  snapshots.forEach((s, i) => {
    if (i > 0) assert.ok(s.startsWith(snapshots[i - 1]), `text snapshot ${i} extends the previous one`);
  });
  assert.equal(snapshots[snapshots.length - 1], expectText, 'last textDelta snapshot');
  assert.equal(textDone.length, 1, 'textDone fires once');
  assert.equal(textDone[0].value, expectText, 'textDone text');

  assert.equal(finalMessages.length, 1, 'one message in the stream');
  const streamed = finalMessages[0];
  assertId(streamed.id, 'msg_', 'streamed message id');
  assert.equal(streamed.role, 'assistant');
  assert.equal(textOf(streamed, 'finalMessages()[0]'), expectText);

  assert.equal(messageDone.length, 1, 'messageDone fires once');
  assert.equal(messageDone[0].id, streamed.id);
  assert.equal(messageDone[0].status, 'completed');
  assert.equal(textOf(messageDone[0], 'thread.message.completed data'), expectText);

  const retrieved = await client.beta.threads.messages.retrieve(streamed.id, { thread_id: thread.id });
  assert.equal(textOf(retrieved, 'retrieved message'), expectText);
  assert.equal(retrieved.status, 'completed');
  assert.equal(retrieved.run_id, finalRun.id);

  // --- message events refer to one message; run events to one run ------------------------------
  const msgCreated = events.find((e) => e.event === 'thread.message.created').data;
  assert.equal(msgCreated.id, streamed.id);
  assert.equal(msgCreated.status, 'in_progress');
  assert.deepEqual(msgCreated.content, [], 'thread.message.created carries content: []');
  for (const e of events) {
    if (e.event.startsWith('thread.message.')) assert.equal(e.data.id, streamed.id, `${e.event} id`);
    if (e.event.startsWith('thread.run.') && !e.event.startsWith('thread.run.step.')) {
      assert.equal(e.data.id, finalRun.id, `${e.event} id`);
      assert.equal(e.data.object, 'thread.run', `${e.event} carries a full run`);
    }
  }
  const firstDelta = events.find((e) => e.event === 'thread.message.delta').data;
  assert.equal(firstDelta.object, 'thread.message.delta');
  assert.equal(firstDelta.delta.content[0].index, 0);
  assert.equal(firstDelta.delta.content[0].type, 'text');

  // --- final run / steps -----------------------------------------------------------------------
  assert.equal(finalRun.status, 'completed');
  assertId(finalRun.id, 'run_', 'run id');
  assert.equal(finalRun.thread_id, thread.id);
  assert.ok(finalRun.usage && finalRun.usage.total_tokens > 0, 'usage.total_tokens > 0');
  assert.equal(finalRun.expires_at, null);
  const runCreated = events[0].data;
  assert.equal(runCreated.status, 'queued', 'thread.run.created carries status queued');
  assert.equal(runCreated.usage, null, 'no usage before the run ends');

  assert.equal(finalSteps.length, 1, 'one run step');
  assert.equal(finalSteps[0].type, 'message_creation');
  assert.equal(finalSteps[0].status, 'completed');
  assert.equal(finalSteps[0].step_details.message_creation.message_id, streamed.id);

  const polled = await client.beta.threads.runs.retrieve(finalRun.id, { thread_id: thread.id });
  assert.equal(polled.status, 'completed');

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: finalRun.id,
    message_id: streamed.id,
    step_id: finalSteps[0].id,
    events: names,
    events_compact: compactNames(names),
    delta_count: deltaCount,
    text: concatenated,
  };
});
