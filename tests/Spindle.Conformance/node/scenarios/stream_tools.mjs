// Scenario stream_tools — streamed function calling: createAndRunStream -> requires_action ->
// submitToolOutputsStream.
//
// Expected upstream (fake model) behaviour:
//   model call 1: ONE tool call to `get_current_weather` whose complete arguments string is
//                 $EXPECT_ARGS (e.g. {"location":"San Francisco, CA","unit":"celsius"}), streamed in
//                 one or more chunks; no text. Tool-call id: $CALL_ID when set, otherwise any.
//   model call 2: (after the output is submitted) ONE plain text reply = $EXPECT_TEXT.
//                 The tool output sent is printed in the success line as `tool_output`.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o)
//   EXPECT_ARGS   required: the exact arguments string of the tool call
//   EXPECT_TEXT   required: the final assistant reply
//   CALL_ID       optional: the expected tool-call id
//
// Required event sequences (exactly):
//   stream 1 (POST /threads/runs, stream:true):
//     thread.created, thread.run.created, thread.run.queued, thread.run.in_progress,
//     thread.run.step.created, thread.run.step.in_progress, thread.run.step.delta (one or more),
//     thread.run.requires_action
//   stream 2 (POST /threads/{id}/runs/{run_id}/submit_tool_outputs, stream:true), no thread.run.created:
//     thread.run.step.completed, thread.run.queued, thread.run.in_progress, thread.run.step.created,
//     thread.run.step.in_progress, thread.message.created, thread.message.in_progress,
//     thread.message.delta (one or more), thread.message.completed, thread.run.step.completed,
//     thread.run.completed
//
// Success line: {"ok":true,"scenario":"stream_tools","assistant_id","thread_id","run_id","call_id",
//   "arguments","tool_output","events_1","events_2","message_id","text"}

import {
  run, makeClient, requireEnv, assert, MODEL,
  assertId, textOf, assertEventSequence, compactNames, MESSAGE_STEP, WEATHER_TOOL,
} from './lib.mjs';


const STREAM1 = [
  'thread.created',
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.run.step.delta+',
  'thread.run.requires_action',
];

const STREAM2 = [
  'thread.run.step.completed',
  'thread.run.queued',
  'thread.run.in_progress',
  ...MESSAGE_STEP,
  'thread.run.completed',
];

run(import.meta.url, async () => {
  const expectArgs = requireEnv('EXPECT_ARGS');
  const expectText = requireEnv('EXPECT_TEXT');
  const expectCallId = process.env.CALL_ID || undefined;
  const client = makeClient();

  const assistant = await client.beta.assistants.create({
    name: 'Streaming Weather Bot',
    instructions: 'You are a weather bot. Use the provided functions to answer questions.',
    model: MODEL,
    tools: [WEATHER_TOOL],
  });

  // --- stream 1: create thread + run, stream until requires_action ------------------------------
  const events1 = [];
  const created = []; // toolCallCreated snapshots
  const deltaArgs = []; // per tool call: arguments accumulated from created + toolCallDelta
  const toolDone = [];
  // 6.x: threads.createAndRunStream(body, options?) -> AssistantStream (POST /threads/runs, stream:true)
  const stream1 = client.beta.threads
    .createAndRunStream({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: "What's the weather in SF?" }] },
    })
    .on('event', (e) => events1.push(structuredClone(e))) // the SDK mutates event data while accumulating
    .on('toolCallCreated', (toolCall) => {
      // The SDK fires toolCallCreated (not toolCallDelta) for the first delta of a call, so the
      // arguments it already carries are the start of the accumulation.
      created.push(structuredClone(toolCall));
      deltaArgs.push(toolCall.type === 'function' ? (toolCall.function?.arguments ?? '') : '');
    })
    .on('toolCallDelta', (delta) => {
      if (delta.type === 'function' && typeof delta.function?.arguments === 'string') {
        deltaArgs[deltaArgs.length - 1] += delta.function.arguments;
      }
    })
    .on('toolCallDone', (toolCall) => toolDone.push(structuredClone(toolCall)));

  const run1 = await stream1.finalRun();
  const steps1 = await stream1.finalRunSteps();
  const names1 = events1.map((e) => e.event);
  assertEventSequence(names1, STREAM1, 'createAndRunStream events');

  const threadEvt = events1[0].data;
  assert.equal(threadEvt.object, 'thread');
  assertId(threadEvt.id, 'thread_', 'thread.created id');
  const threadId = threadEvt.id;

  assert.equal(run1.status, 'requires_action');
  assertId(run1.id, 'run_', 'run id');
  assert.equal(run1.thread_id, threadId);
  assert.equal(run1.usage, null, 'usage stays null while requires_action');
  const calls = run1.required_action?.submit_tool_outputs?.tool_calls;
  assert.ok(Array.isArray(calls), 'required_action.submit_tool_outputs.tool_calls');
  assert.equal(calls.length, 1, 'one tool call');
  const call = calls[0];
  if (expectCallId) assert.equal(call.id, expectCallId, 'tool call id');
  else assertId(call.id, 'call_', 'tool call id');
  assert.equal(call.function.name, 'get_current_weather');
  assert.equal(call.function.arguments, expectArgs, 'required_action arguments');

  assert.equal(created.length, 1, 'toolCallCreated fires once');
  assert.equal(created[0].id, call.id, 'streamed tool call id = required_action id');
  assert.equal(created[0].type, 'function');
  assert.equal(created[0].function.name, 'get_current_weather');
  assert.equal(deltaArgs[0], expectArgs, 'arguments accumulated from toolCallCreated + toolCallDelta');
  assert.equal(toolDone.length, 1, 'toolCallDone fires once (on requires_action)');
  assert.equal(toolDone[0].function.arguments, expectArgs, 'toolCallDone snapshot arguments');

  assert.equal(steps1.length, 1, 'one step in stream 1');
  assert.equal(steps1[0].type, 'tool_calls');
  assert.equal(steps1[0].status, 'in_progress', 'the tool_calls step stays open at requires_action');
  const stepCreated = events1.find((e) => e.event === 'thread.run.step.created').data;
  assert.deepEqual(stepCreated.step_details, { type: 'tool_calls', tool_calls: [] }, 'step.created carries tool_calls: []');

  // --- stream 2: submit the output, stream to completion ----------------------------------------
  const toolOutput = JSON.stringify({ location: 'San Francisco, CA', temperature: 18, unit: 'celsius', conditions: 'sunny' });
  const events2 = [];
  const deltas2 = [];
  // 6.x: runs.submitToolOutputsStream(runId, { thread_id, tool_outputs }, options?) -> AssistantStream
  const stream2 = client.beta.threads.runs
    .submitToolOutputsStream(run1.id, {
      thread_id: threadId,
      tool_outputs: [{ tool_call_id: call.id, output: toolOutput }],
    })
    .on('event', (e) => events2.push(structuredClone(e)))
    .on('textDelta', (delta) => deltas2.push(delta.value ?? ''));

  const messages2 = await stream2.finalMessages();
  const run2 = await stream2.finalRun();
  const names2 = events2.map((e) => e.event);
  assertEventSequence(names2, STREAM2, 'submitToolOutputsStream events');
  assert.ok(!names2.includes('thread.run.created'), 'no thread.run.created after submit_tool_outputs');
  assert.equal(names2[0], 'thread.run.step.completed');
  assert.equal(names2[1], 'thread.run.queued');

  const toolStepDone = events2[0].data;
  assert.equal(toolStepDone.id, steps1[0].id, 'the step completed first is the open tool_calls step');
  assert.equal(toolStepDone.status, 'completed');
  assert.equal(toolStepDone.step_details.tool_calls.length, 1);
  assert.equal(toolStepDone.step_details.tool_calls[0].id, call.id);
  assert.equal(toolStepDone.step_details.tool_calls[0].function.arguments, expectArgs);
  assert.equal(toolStepDone.step_details.tool_calls[0].function.output, toolOutput, 'the completed step carries the output');
  const queued = events2[1].data;
  assert.equal(queued.id, run1.id);
  assert.equal(queued.status, 'queued');
  assert.equal(queued.required_action, null, 'required_action cleared on resume');

  assert.equal(run2.status, 'completed');
  assert.equal(run2.id, run1.id);
  assert.ok(run2.usage && run2.usage.total_tokens > 0, 'usage.total_tokens > 0');
  assert.equal(messages2.length, 1, 'one message in stream 2');
  assert.equal(textOf(messages2[0], 'finalMessages()[0]'), expectText);
  assert.equal(deltas2.join(''), expectText, 'concatenated text deltas');

  const retrieved = await client.beta.threads.messages.retrieve(messages2[0].id, { thread_id: threadId });
  assert.equal(textOf(retrieved, 'retrieved message'), expectText);
  assert.equal(retrieved.run_id, run1.id);

  const steps = await client.beta.threads.runs.steps.list(run1.id, { thread_id: threadId, order: 'asc' });
  assert.deepEqual(steps.data.map((s) => [s.type, s.status]), [['tool_calls', 'completed'], ['message_creation', 'completed']]);

  return {
    assistant_id: assistant.id,
    thread_id: threadId,
    run_id: run1.id,
    call_id: call.id,
    arguments: deltaArgs[0],
    tool_output: toolOutput,
    events_1: names1,
    events_2: names2,
    events_1_compact: compactNames(names1),
    events_2_compact: compactNames(names2),
    message_id: messages2[0].id,
    text: deltas2.join(''),
  };
});
