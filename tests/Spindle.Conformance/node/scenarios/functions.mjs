// Scenario functions — parallel function calling, non-streaming, with the poll helpers.
//
// Expected upstream (fake model) behaviour:
//   model call 1: TWO parallel tool calls, both to `get_current_weather`, with the tool-call ids in
//                 $CALL_IDS (in that order) and JSON-object arguments (e.g. {"location":"San Francisco, CA"}
//                 and {"location":"San Francisco, CA","unit":"fahrenheit"}); no text.
//   model call 2: (after both outputs are submitted) ONE plain text reply = $EXPECT_TEXT.
//                 The request should carry both tool results; their contents are printed in the success
//                 line as `tool_outputs` so the C# side can compare with what the fake received.
//   The rejected partial submit (only one of the two outputs) must NOT cause a model call.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o), SPINDLE_POLL_INTERVAL_MS (optional)
//   CALL_IDS      required: the two tool-call ids, comma separated, e.g. "call_abc,call_def"
//   EXPECT_TEXT   required: the final assistant reply
//
// Success line: {"ok":true,"scenario":"functions","assistant_id","thread_id","run_id","call_ids",
//   "arguments","tool_outputs","partial_submit_error","steps","assistant_message_id"}

import {
  run, makeClient, requireEnv, pollOptions, assert, MODEL, OpenAI,
  assertId, textOf, expectApiError, assertOpenAIErrorShape, WEATHER_TOOL,
} from './lib.mjs';


run(import.meta.url, async () => {
  const callIds = requireEnv('CALL_IDS').split(',').map((s) => s.trim()).filter(Boolean);
  assert.equal(callIds.length, 2, 'CALL_IDS must hold exactly two ids');
  const expectText = requireEnv('EXPECT_TEXT');
  const client = makeClient();
  const poll = pollOptions();

  const assistant = await client.beta.assistants.create({
    name: 'Weather Bot',
    instructions: 'You are a weather bot. Use the provided functions to answer questions.',
    model: MODEL,
    tools: [WEATHER_TOOL],
  });
  assert.equal(assistant.tools.length, 1);
  assert.equal(assistant.tools[0].type, 'function');
  assert.equal(assistant.tools[0].function.name, 'get_current_weather');
  assert.deepEqual(assistant.tools[0].function.parameters, WEATHER_TOOL.function.parameters);

  const thread = await client.beta.threads.create();
  await client.beta.threads.messages.create(thread.id, { role: 'user', content: "What's the weather in SF?" });

  // --- turn 1: the run pauses in requires_action -------------------------------------------------
  const paused = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, poll);
  assert.equal(paused.status, 'requires_action', `run status (last_error=${JSON.stringify(paused.last_error)})`);
  assertId(paused.id, 'run_', 'run.id');
  assert.equal(paused.usage, null, 'usage stays null while requires_action');
  assert.equal(paused.completed_at, null);
  assert.equal(typeof paused.expires_at, 'number', 'expires_at is set while the run is active');
  assert.ok(paused.required_action, 'required_action is set');
  assert.equal(paused.required_action.type, 'submit_tool_outputs');
  const toolCalls = paused.required_action.submit_tool_outputs.tool_calls;
  assert.equal(toolCalls.length, 2, 'two parallel tool calls');
  assert.deepEqual(toolCalls.map((c) => c.id), callIds, 'tool call ids (in order)');
  const args = [];
  for (const call of toolCalls) {
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_current_weather');
    assert.equal(typeof call.function.arguments, 'string');
    let parsed;
    assert.doesNotThrow(() => { parsed = JSON.parse(call.function.arguments); }, `arguments of ${call.id} parse as JSON`);
    assert.ok(parsed && typeof parsed === 'object' && !Array.isArray(parsed), `arguments of ${call.id} are a JSON object`);
    args.push(call.function.arguments);
  }

  // While paused, the tool_calls step is in_progress with both calls and no outputs yet.
  const pausedSteps = await client.beta.threads.runs.steps.list(paused.id, { thread_id: thread.id });
  assert.equal(pausedSteps.data.length, 1, 'one step while requires_action');
  assert.equal(pausedSteps.data[0].type, 'tool_calls');
  assert.equal(pausedSteps.data[0].status, 'in_progress');
  assert.deepEqual(pausedSteps.data[0].step_details.tool_calls.map((c) => c.id), callIds);
  for (const c of pausedSteps.data[0].step_details.tool_calls) {
    assert.equal(c.function.output, null, `output of ${c.id} is null before submission`);
  }

  const outputs = toolCalls.map((call, i) => ({
    tool_call_id: call.id,
    output: JSON.stringify({ call: i, temperature: 18 + i, unit: 'celsius', conditions: 'sunny' }),
  }));

  // --- a partial submit (one of two outputs) is rejected with 400 and changes nothing ------------
  const partialErr = await expectApiError(
    () => client.beta.threads.runs.submitToolOutputs(paused.id, {
      thread_id: thread.id,
      tool_outputs: [outputs[0]],
    }),
    OpenAI.BadRequestError,
    400,
    'submit of only one of two tool outputs',
  );
  assertOpenAIErrorShape(partialErr, 'partial submit');
  const stillPaused = await client.beta.threads.runs.retrieve(paused.id, { thread_id: thread.id });
  assert.equal(stillPaused.status, 'requires_action', 'run is still requires_action after the rejected submit');
  assert.deepEqual(stillPaused.required_action.submit_tool_outputs.tool_calls.map((c) => c.id), callIds);

  // --- turn 2: submit both and poll to completion ------------------------------------------------
  const done = await client.beta.threads.runs.submitToolOutputsAndPoll(
    paused.id,
    { thread_id: thread.id, tool_outputs: outputs },
    poll,
  );
  assert.equal(done.status, 'completed', `run status (last_error=${JSON.stringify(done.last_error)})`);
  assert.equal(done.id, paused.id);
  assert.equal(done.required_action, null, 'required_action cleared');
  assert.equal(done.expires_at, null);
  assert.equal(typeof done.completed_at, 'number');
  assert.ok(done.usage && done.usage.total_tokens > 0, 'usage.total_tokens > 0');

  const messages = await client.beta.threads.messages.list(thread.id);
  const last = messages.data[0];
  assert.equal(last.role, 'assistant');
  assert.equal(last.run_id, done.id);
  assert.equal(textOf(last, 'last message'), expectText);
  assert.equal(messages.data.length, 2, 'user message + one reply');

  // --- run steps, oldest first: tool_calls (completed, outputs filled) then message_creation -----
  const steps = await client.beta.threads.runs.steps.list(done.id, { thread_id: thread.id, order: 'asc' });
  assert.equal(steps.data.length, 2, 'two run steps');
  const [toolStep, msgStep] = steps.data;
  assert.equal(toolStep.type, 'tool_calls');
  assert.equal(toolStep.status, 'completed');
  assert.equal(toolStep.step_details.type, 'tool_calls');
  assert.equal(toolStep.step_details.tool_calls.length, 2);
  toolStep.step_details.tool_calls.forEach((c, i) => {
    assert.equal(c.type, 'function');
    assert.equal(c.id, callIds[i]);
    assert.equal(c.function.name, 'get_current_weather');
    assert.equal(c.function.arguments, args[i]);
    assert.equal(c.function.output, outputs[i].output, `step output of ${c.id}`);
  });
  assert.equal(msgStep.type, 'message_creation');
  assert.equal(msgStep.status, 'completed');
  assert.equal(msgStep.step_details.message_creation.message_id, last.id);

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: done.id,
    call_ids: callIds,
    arguments: args,
    tool_outputs: outputs,
    partial_submit_error: { message: partialErr.error?.message, type: partialErr.type, param: partialErr.param ?? null, code: partialErr.code ?? null },
    steps: steps.data.map((s) => ({ id: s.id, type: s.type, status: s.status })),
    assistant_message_id: last.id,
  };
});
