// Scenario seed001 — seed 001 ("Math Tutor") through the Node SDK, non-streaming with the poll helper.
//
// Expected upstream (fake model) behaviour:
//   exactly ONE model call for the run, answered with ONE plain text reply whose full text is
//   $EXPECT_TEXT (no tool calls). Token usage must be non-zero so the run's `usage.total_tokens > 0`.
//   The request to the model should carry the run-level instructions override
//   "Please address the user as SISTCA student." (the C# side may check that on the fake).
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o), SPINDLE_POLL_INTERVAL_MS (optional)
//   EXPECT_TEXT   required: the assistant reply the fake upstream returns
//
// Flow: assistants.create -> threads.create -> messages.create -> runs.createAndPoll(thread.id,
//   {assistant_id, instructions}) -> messages.list -> runs.steps.list.
//
// Success line: {"ok":true,"scenario":"seed001","assistant_id","thread_id","run_id","user_message_id",
//   "assistant_message_id","step_id","usage","poll_after_ms"}

import {
  run, makeClient, requireEnv, pollOptions, assert, MODEL,
  assertId, assertUnixSeconds, textOf,
} from './lib.mjs';

const INSTRUCTIONS = 'You are a personal math tutor. Write and run code to answer math questions.';
const RUN_INSTRUCTIONS = 'Please address the user as SISTCA student.';
const USER_TEXT = 'I need to solve the equation `8x + 12 = 14`. Can you help me?';

run(import.meta.url, async () => {
  const expectText = requireEnv('EXPECT_TEXT');
  const client = makeClient();

  const assistant = await client.beta.assistants.create({
    name: 'Math Tutor',
    instructions: INSTRUCTIONS,
    model: MODEL,
  });
  assert.equal(assistant.object, 'assistant');
  assertId(assistant.id, 'asst_', 'assistant.id');
  assert.equal(assistant.name, 'Math Tutor');
  assert.equal(assistant.instructions, INSTRUCTIONS);
  assert.equal(assistant.model, MODEL);
  assert.deepEqual(assistant.tools, []);

  const thread = await client.beta.threads.create();
  assert.equal(thread.object, 'thread');
  assertId(thread.id, 'thread_', 'thread.id');

  const message = await client.beta.threads.messages.create(thread.id, {
    role: 'user',
    content: USER_TEXT,
  });
  assert.equal(message.object, 'thread.message');
  assertId(message.id, 'msg_', 'message.id');
  assert.equal(message.thread_id, thread.id);
  assert.equal(message.role, 'user');
  assert.equal(textOf(message, 'user message'), USER_TEXT);
  assert.deepEqual(message.content[0].text.annotations, []);

  // 6.x: createAndPoll(threadId, body, options?) — polls GET /threads/{id}/runs/{run_id} until a
  // terminal-ish status.
  const runObj = await client.beta.threads.runs.createAndPoll(
    thread.id,
    { assistant_id: assistant.id, instructions: RUN_INSTRUCTIONS },
    pollOptions(),
  );

  // --- run shape -----------------------------------------------------------------------------
  assert.equal(runObj.status, 'completed', `run status (last_error=${JSON.stringify(runObj.last_error)})`);
  assert.equal(runObj.object, 'thread.run');
  assertId(runObj.id, 'run_', 'run.id');
  assert.equal(runObj.thread_id, thread.id);
  assert.equal(runObj.assistant_id, assistant.id);
  assert.equal(runObj.instructions, RUN_INSTRUCTIONS, 'run.instructions is the per-run override');
  assert.equal(runObj.model, MODEL, 'run.model is the assistant model');
  assert.deepEqual(runObj.tools, []);
  assertUnixSeconds(runObj.created_at, 'run.created_at');
  assertUnixSeconds(runObj.started_at, 'run.started_at');
  assertUnixSeconds(runObj.completed_at, 'run.completed_at');
  assert.ok(runObj.completed_at >= runObj.started_at && runObj.started_at >= runObj.created_at, 'created <= started <= completed');
  assert.equal(runObj.expires_at, null, 'run.expires_at is null once completed');
  assert.equal(runObj.cancelled_at, null);
  assert.equal(runObj.failed_at, null);
  assert.equal(runObj.required_action, null);
  assert.equal(runObj.last_error, null);
  assert.equal(runObj.incomplete_details, null);
  assert.ok(runObj.usage, 'run.usage is set on a completed run');
  assert.ok(runObj.usage.total_tokens > 0, 'usage.total_tokens > 0');
  assert.equal(
    runObj.usage.total_tokens,
    runObj.usage.prompt_tokens + runObj.usage.completion_tokens,
    'usage.total_tokens = prompt_tokens + completion_tokens',
  );
  // Defaults echoed on every run (reference §4).
  assert.equal(runObj.parallel_tool_calls, true);
  assert.equal(runObj.tool_choice, 'auto');
  assert.equal(runObj.response_format, 'auto');
  assert.equal(runObj.truncation_strategy?.type, 'auto');

  // One more GET, to report the poll pacing header the helpers read.
  const { data: again, response } = await client.beta.threads.runs
    .retrieve(runObj.id, { thread_id: thread.id })
    .withResponse();
  assert.equal(again.status, 'completed');
  assert.equal(again.id, runObj.id);

  // --- messages (default order desc: newest first) ---------------------------------------------
  const messages = await client.beta.threads.messages.list(thread.id);
  assert.equal(messages.data.length, 2, 'thread holds the user message and the reply');
  const reply = messages.data[0];
  assert.equal(reply.role, 'assistant');
  assert.equal(reply.object, 'thread.message');
  assertId(reply.id, 'msg_', 'reply.id');
  assert.equal(textOf(reply, 'reply'), expectText);
  assert.deepEqual(reply.content[0].text.annotations, []);
  assert.equal(reply.run_id, runObj.id);
  assert.equal(reply.assistant_id, assistant.id);
  assert.equal(reply.thread_id, thread.id);
  assert.equal(reply.status, 'completed');
  assert.equal(messages.data[1].id, message.id);
  assert.equal(messages.data[1].run_id, null);
  assert.equal(messages.data[1].assistant_id, null);

  // --- run steps: one message_creation step pointing at the reply -------------------------------
  const steps = await client.beta.threads.runs.steps.list(runObj.id, { thread_id: thread.id });
  assert.equal(steps.data.length, 1, 'one run step');
  const step = steps.data[0];
  assert.equal(step.object, 'thread.run.step');
  assertId(step.id, 'step_', 'step.id');
  assert.equal(step.type, 'message_creation');
  assert.equal(step.status, 'completed');
  assert.equal(step.run_id, runObj.id);
  assert.equal(step.thread_id, thread.id);
  assert.equal(step.assistant_id, assistant.id);
  assert.equal(step.step_details.type, 'message_creation');
  assert.equal(step.step_details.message_creation.message_id, reply.id);

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: runObj.id,
    user_message_id: message.id,
    assistant_message_id: reply.id,
    step_id: step.id,
    text: textOf(reply),
    usage: runObj.usage,
    poll_after_ms: response.headers.get('openai-poll-after-ms'),
  };
});
