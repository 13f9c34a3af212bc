// Scenario code_interpreter — seed 003's streaming_run through the Node SDK: the Math Tutor with
// tools: [code_interpreter], runs.stream(...) and the handlers the Python EventHandler overrides
// (on_text_created/on_text_delta/on_tool_call_created/on_tool_call_delta) as their Node events.
//
// Expected upstream (fake model) behaviour:
//   model call 1: ONE tool call to the function `code_interpreter` with arguments {"code": $EXPECT_CODE};
//                 Spindle runs the code in its sandbox, so the logs are Python's real output.
//   model call 2: ONE plain text reply = $EXPECT_TEXT.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o)
//   EXPECT_CODE   required: the code the model writes
//   EXPECT_LOGS   required: what that code prints (all logs outputs concatenated)
//   EXPECT_TEXT   required: the final assistant reply
//   CALL_ID       optional: the expected tool-call id
//
// Required event sequence (exactly), ASSISTANTS_API.md §6.5(c):
//   thread.run.created, thread.run.queued, thread.run.in_progress,
//   thread.run.step.created, thread.run.step.in_progress, thread.run.step.delta (one or more),
//   thread.run.step.completed, thread.run.step.created, thread.run.step.in_progress,
//   thread.message.created, thread.message.in_progress, thread.message.delta (one or more),
//   thread.message.completed, thread.run.step.completed, thread.run.completed
//
// Success line: {"ok":true,"scenario":"code_interpreter","assistant_id","thread_id","run_id","call_id",
//   "input","logs","text","printed","events","events_compact","input_pieces","log_deltas"}

import {
  run, makeClient, requireEnv, assert, MODEL,
  assertId, textOf, assertEventSequence, compactNames, MESSAGE_STEP,
} from './lib.mjs';

const INSTRUCTIONS = 'You are a personal math tutor. Write and run code to answer math questions.';
const RUN_INSTRUCTIONS = 'Please address the user as SISTCA student.';
const USER_TEXT = 'I need to solve the equation `8x + 12 = 14`. Can you help me?';

const EVENTS = [
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.run.step.delta+',
  'thread.run.step.completed',
  ...MESSAGE_STEP,
  'thread.run.completed',
];

run(import.meta.url, async () => {
  const expectCode = requireEnv('EXPECT_CODE');
  const expectLogs = requireEnv('EXPECT_LOGS');
  const expectText = requireEnv('EXPECT_TEXT');
  const expectCallId = process.env.CALL_ID || undefined;
  const client = makeClient();

  const assistant = await client.beta.assistants.create({
    name: 'Math Tutor',
    instructions: INSTRUCTIONS,
    tools: [{ type: 'code_interpreter' }],
    model: MODEL,
  });
  assert.deepEqual(assistant.tools, [{ type: 'code_interpreter' }]);
  const thread = await client.beta.threads.create();
  await client.beta.threads.messages.create(thread.id, { role: 'user', content: USER_TEXT });

  // What seed 003's EventHandler prints, rebuilt from the same callbacks.
  let printed = '';
  const events = [];
  const created = [];
  const inputPieces = [];
  const logDeltas = [];
  const textDeltas = [];
  const collectOutputs = (outputs) => {
    for (const output of outputs ?? []) {
      if (output.type === 'logs') {
        logDeltas.push(output.logs);
        printed += `\n\noutput >\n${output.logs}`;
      }
    }
  };

  // 6.x: runs.stream(threadId, body, options?) -> AssistantStream (the Python `runs.stream` helper).
  const stream = client.beta.threads.runs
    .stream(thread.id, { assistant_id: assistant.id, instructions: RUN_INSTRUCTIONS })
    .on('event', (e) => events.push(structuredClone(e))) // the SDK mutates event data while accumulating
    .on('textCreated', () => { printed += '\nassistant > '; })
    .on('textDelta', (delta) => {
      textDeltas.push(delta.value ?? '');
      printed += delta.value ?? '';
    })
    .on('toolCallCreated', (toolCall) => {
      // The first delta of a call fires toolCallCreated, not toolCallDelta: what it carries starts the accumulation.
      created.push(structuredClone(toolCall));
      printed += `\nassistant > ${toolCall.type}\n`;
      if (toolCall.type === 'code_interpreter') {
        if (toolCall.code_interpreter?.input) {
          inputPieces.push(toolCall.code_interpreter.input);
          printed += toolCall.code_interpreter.input;
        }
        collectOutputs(toolCall.code_interpreter?.outputs);
      }
    })
    .on('toolCallDelta', (delta, snapshot) => {
      assert.equal(delta.type, 'code_interpreter', 'toolCallDelta type');
      assert.equal(snapshot.type, 'code_interpreter', 'toolCallDelta snapshot type');
      if (delta.code_interpreter?.input) {
        inputPieces.push(delta.code_interpreter.input);
        printed += delta.code_interpreter.input;
      }
      collectOutputs(delta.code_interpreter?.outputs);
    });

  const finalRun = await stream.finalRun();
  const finalMessages = await stream.finalMessages();
  const finalSteps = await stream.finalRunSteps();
  const names = events.map((e) => e.event);
  assertEventSequence(names, EVENTS, 'runs.stream events');

  assert.equal(finalRun.status, 'completed');
  assertId(finalRun.id, 'run_', 'run id');
  assert.equal(finalRun.instructions, RUN_INSTRUCTIONS, 'run-level instructions override');
  assert.deepEqual(finalRun.tools, [{ type: 'code_interpreter' }]);

  assert.equal(created.length, 1, 'toolCallCreated fires once');
  assert.equal(created[0].type, 'code_interpreter', 'toolCallCreated type');
  if (expectCallId) assert.equal(created[0].id, expectCallId, 'tool call id');
  else assertId(created[0].id, 'call_', 'tool call id');
  const input = inputPieces.join('');
  assert.equal(input, expectCode, 'code_interpreter.input accumulated from toolCallCreated + toolCallDelta');
  assert.ok(inputPieces.length >= 1, 'the code arrives as input pieces');
  assert.equal(logDeltas.join(''), expectLogs, 'logs from code_interpreter.outputs deltas');

  assert.equal(finalMessages.length, 1, 'one message');
  assert.equal(textOf(finalMessages[0], 'finalMessages()[0]'), expectText);
  assert.equal(textDeltas.join(''), expectText, 'concatenated text deltas');

  // Node replaces each step snapshot with the step.completed data (O8): the outputs must be there.
  assert.deepEqual(finalSteps.map((s) => [s.type, s.status]), [['tool_calls', 'completed'], ['message_creation', 'completed']]);
  const stepCall = finalSteps[0].step_details.tool_calls;
  assert.equal(stepCall.length, 1, 'one tool call in the step');
  assert.equal(stepCall[0].id, created[0].id);
  assert.equal(stepCall[0].type, 'code_interpreter');
  assert.equal(stepCall[0].code_interpreter.input, expectCode, 'finalRunSteps() input');
  const stepLogs = stepCall[0].code_interpreter.outputs.filter((o) => o.type === 'logs').map((o) => o.logs).join('');
  assert.ok(stepCall[0].code_interpreter.outputs.length >= 1, 'finalRunSteps() has outputs');
  assert.equal(stepLogs, expectLogs, 'finalRunSteps() logs');
  assert.equal(finalSteps[1].step_details.message_creation.message_id, finalMessages[0].id);

  const stepCreated = events.find((e) => e.event === 'thread.run.step.created').data;
  assert.deepEqual(stepCreated.step_details, { type: 'tool_calls', tool_calls: [] }, 'step.created carries tool_calls: []');

  // The polled view agrees with the stream.
  const steps = await client.beta.threads.runs.steps.list(finalRun.id, { thread_id: thread.id, order: 'asc' });
  assert.equal(steps.data[0].step_details.tool_calls[0].code_interpreter.input, expectCode);
  const retrieved = await client.beta.threads.messages.retrieve(finalMessages[0].id, { thread_id: thread.id });
  assert.equal(textOf(retrieved, 'retrieved message'), expectText);

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: finalRun.id,
    call_id: created[0].id,
    input,
    logs: logDeltas.join(''),
    text: textDeltas.join(''),
    printed,
    events: names,
    events_compact: compactNames(names),
    input_pieces: inputPieces.length,
    log_deltas: logDeltas.length,
  };
});
