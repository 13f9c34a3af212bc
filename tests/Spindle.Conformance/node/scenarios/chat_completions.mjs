// Scenario chat_completions — seed 000's "new way": chat completions with gpt-3.5-turbo, against the same base URL
// and key as the Assistants API. The multi-line prompt as the system message and an HTML page as the user message,
// once whole and once streamed (the seed's "streaming the summary"); then a tool call, embeddings and a provider error.
//
// Expected upstream (fake model) behaviour:
//   call 1: ONE text reply = $EXPECT_TEXT (not streamed).
//   call 2: ONE text reply = $EXPECT_TEXT2, streamed in one or more chunks.
//   call 3: ONE get_current_weather call with arguments $EXPECT_ARGS, streamed.
//   call 4: HTTP 400 with OpenAI's error envelope.
//   POST /embeddings: one vector per input.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY
//   HTML_CONTENT, EXPECT_TEXT, EXPECT_TEXT2, EXPECT_ARGS  required
//
// Success line: {"ok":true,"scenario":"chat_completions","content","printed","chunk_count","tool_call","arguments",
//   "embedding_count","dimensions","error_status","error_type"}

import {
  OpenAI, run, makeClient, requireEnv, assert, WEATHER_TOOL, expectApiError, assertOpenAIErrorShape,
} from './lib.mjs';

const PROMPT = `Your
very
cool
multi-line
prompt.`;

run(import.meta.url, async () => {
  const htmlContent = requireEnv('HTML_CONTENT');
  const expectText = requireEnv('EXPECT_TEXT');
  const expectText2 = requireEnv('EXPECT_TEXT2');
  const expectArgs = requireEnv('EXPECT_ARGS');
  const client = makeClient();
  const messages = [
    { role: 'system', content: PROMPT },
    { role: 'user', content: htmlContent },
  ];

  const completion = await client.chat.completions.create({ model: 'gpt-3.5-turbo', messages });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  const content = completion.choices[0].message.content;
  assert.equal(content, expectText);

  // "I still need to figure out how to do it with chat completions": print each delta as it comes.
  let printed = '';
  let chunkCount = 0;
  const stream = await client.chat.completions.create({ model: 'gpt-3.5-turbo', messages, stream: true });
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      printed += delta;
      chunkCount++;
    }
  }
  assert.equal(printed, expectText2, 'printed deltas');

  const toolStream = await client.chat.completions.create({
    model: 'gpt-3.5-turbo',
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
    tools: [WEATHER_TOOL],
    stream: true,
  });
  let toolCall = null;
  let args = '';
  let finish = null;
  for await (const chunk of toolStream) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    for (const call of choice.delta?.tool_calls ?? []) {
      if (call.function?.name) toolCall = call.function.name;
      args += call.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  assert.equal(finish, 'tool_calls');
  assert.equal(args, expectArgs);

  const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['crème brûlée', 'burnt cream'] });
  assert.equal(embeddings.data.length, 2);
  assert.deepEqual(embeddings.data.map((e) => e.index), [0, 1]);

  const err = await expectApiError(
    () => client.chat.completions.create({ model: 'gpt-3.5-turbo', messages }),
    OpenAI.BadRequestError, 400, 'provider error');
  assertOpenAIErrorShape(err, 'provider error');

  return {
    content,
    printed,
    chunk_count: chunkCount,
    tool_call: toolCall,
    arguments: args,
    embedding_count: embeddings.data.length,
    dimensions: embeddings.data[0].embedding.length,
    error_status: err.status,
    error_type: err.type,
  };
});
