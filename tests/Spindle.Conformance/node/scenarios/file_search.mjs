// Scenario file_search — the file_search tool through the Node SDK: a vector store filled by a file batch and held by
// the assistant, then a message attachment that makes the thread's store by itself; both runs streamed with
// runs.stream and their answers cited with file_citation annotations (ASSISTANTS_API.md §6.5 (d), §7).
//
// Expected upstream (fake model) behaviour, four chat calls in this order:
//   flow "store":      call 1: ONE tool call to `file_search` with {"query": …}; call 2: the text $EXPECT_TEXT,
//                      which quotes the marker 【0:0†favorite_foods.txt】 (the run's first search, its top result).
//   flow "attachment": call 3: ONE tool call to `file_search`; call 4: the text $EXPECT_TEXT_ATTACHMENT, which
//                      quotes 【0:0†handbook.md】.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o), SPINDLE_POLL_INTERVAL_MS (optional)
//   EXPECT_TEXT              required: the store flow's final reply, marker included
//   EXPECT_TEXT_ATTACHMENT   required: the attachment flow's final reply, marker included
//
// Flow "store": files.create x2 -> vectorStores.create -> fileBatches.createAndPoll -> assistants.create
//   (file_search + tool_resources) -> threads.create -> runs.stream(include[]=…content) -> finalMessages,
//   finalRunSteps -> messages.retrieve -> steps.list with and without include.
// Flow "attachment": files.create -> assistants.create (file_search, no resources) -> threads.create ->
//   messages.create with attachments -> threads.retrieve (the store Spindle made) -> vectorStores.files.poll ->
//   runs.stream -> finalMessages.
//
// Success line: {"ok":true,"scenario":"file_search","file_id","vector_store_id","events","annotation",
//   "result_score","attachment_file_id","attachment_vector_store_id","attachment_annotation"}

import { toFile } from 'openai';
import { run, makeClient, requireEnv, assert, MODEL, pollOptions, assertId, textOf, assertEventSequence, compactNames, MESSAGE_STEP } from './lib.mjs';

const CONTENT = 'step_details.tool_calls[*].file_search.results[*].content';
const FOODS = "Filip's favorite food is cake. Maria prefers sushi, and Tom eats pizza every Friday.";
const HANDBOOK = '# Leave\nEmployees get 25 days of paid leave per year.';

// §6.5 (d): one tool_calls step with one step delta, then the message step; results only in step.completed.
const EVENTS = [
  'thread.run.created',
  'thread.run.queued',
  'thread.run.in_progress',
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.run.step.delta',
  'thread.run.step.completed',
  ...MESSAGE_STEP,
  'thread.run.completed',
];

/** Streams one run and returns what the SDK's helpers saw. */
async function streamRun(client, threadId, body) {
  const events = [];
  const textDeltas = [];
  const toolCalls = [];
  const stream = client.beta.threads.runs
    .stream(threadId, body)
    .on('event', (e) => events.push(structuredClone(e))) // the SDK mutates event data while accumulating
    .on('textDelta', (delta) => textDeltas.push(structuredClone(delta)))
    .on('toolCallCreated', (call) => toolCalls.push(structuredClone(call)));
  const messages = await stream.finalMessages();
  const finalRun = await stream.finalRun();
  const steps = await stream.finalRunSteps();
  return { events, names: events.map((e) => e.event), textDeltas, toolCalls, messages, finalRun, steps };
}

/** The one file_citation of a streamed answer: in finalMessages(), in the delta that carried it, in the stored message. */
async function assertCitation(client, threadId, streamed, expectText, marker, fileId, what) {
  assert.equal(streamed.finalRun.status, 'completed', `${what}: run status`);
  assert.equal(streamed.messages.length, 1, `${what}: one message`);
  const message = streamed.messages[0];
  assert.equal(textOf(message, `${what} finalMessages()[0]`), expectText, `${what}: accumulated text`);
  assert.equal(streamed.textDeltas.map((d) => d.value ?? '').join(''), expectText, `${what}: concatenated textDelta values`);

  const start = expectText.indexOf(marker);
  assert.ok(start >= 0, `${what}: EXPECT_TEXT must quote ${marker}`);
  const expected = { type: 'file_citation', text: marker, start_index: start, end_index: start + marker.length, file_id: fileId };
  const pick = (a) => ({ type: a.type, text: a.text, start_index: a.start_index, end_index: a.end_index, file_id: a.file_citation?.file_id });

  // O6b: finalMessages() is built from created + deltas only, so the annotation must have been streamed.
  const annotations = message.content[0].text.annotations;
  assert.equal(annotations.length, 1, `${what}: one annotation in finalMessages()`);
  assert.deepEqual(pick(annotations[0]), expected, `${what}: accumulated annotation`);

  // §6.5 (d): the whole marker and its annotation arrive in the same delta.
  const carrying = streamed.textDeltas.filter((d) => (d.annotations ?? []).length > 0);
  assert.equal(carrying.length, 1, `${what}: one textDelta carries annotations`);
  assert.equal(carrying[0].value, marker, `${what}: the annotated delta's value is exactly the marker`);
  assert.equal(carrying[0].annotations[0].index, 0, `${what}: annotation index`);

  const stored = await client.beta.threads.messages.retrieve(message.id, { thread_id: threadId });
  assert.equal(textOf(stored, `${what} stored message`), expectText);
  assert.equal(stored.content[0].text.annotations.length, 1, `${what}: one stored annotation`);
  assert.deepEqual(pick(stored.content[0].text.annotations[0]), expected, `${what}: stored annotation`);

  const done = streamed.events.find((e) => e.event === 'thread.message.completed').data;
  assert.deepEqual(pick(done.content[0].text.annotations[0]), expected, `${what}: thread.message.completed annotation`);
  return annotations[0];
}

/** The tool_calls step as finalRunSteps() holds it: Node replaces the snapshot with step.completed (O8). */
function searchResults(streamed, what) {
  const step = streamed.steps.find((s) => s.type === 'tool_calls');
  assert.ok(step, `${what}: a tool_calls step`);
  assert.equal(step.status, 'completed');
  assert.equal(step.step_details.tool_calls.length, 1, `${what}: one tool call`);
  const call = step.step_details.tool_calls[0];
  assert.equal(call.type, 'file_search', `${what}: tool call type`);
  assert.equal(call.file_search.ranking_options.ranker, 'default_2024_08_21', `${what}: ranker`);
  assert.ok(call.file_search.results.length >= 1, `${what}: at least one result`);
  assert.equal(streamed.toolCalls.length, 1, `${what}: toolCallCreated fires once`);
  assert.equal(streamed.toolCalls[0].type, 'file_search');
  assert.equal(streamed.toolCalls[0].id, call.id, `${what}: streamed call id = completed call id`);
  return call.file_search.results;
}

run(import.meta.url, async () => {
  const expectText = requireEnv('EXPECT_TEXT');
  const expectAttachmentText = requireEnv('EXPECT_TEXT_ATTACHMENT');
  const client = makeClient();

  // --- flow "store": a vector store filled by a batch, held by the assistant ----------------------------------
  const foods = await client.files.create({ file: await toFile(Buffer.from(FOODS), 'favorite_foods.txt'), purpose: 'assistants' });
  const decoy = await client.files.create({ file: await toFile(Buffer.from('It rained all week in Lisbon and the trams were late.'), 'weather.txt'), purpose: 'assistants' });
  assertId(foods.id, 'file-', 'file.id');
  const store = await client.vectorStores.create({ name: 'Foods' });
  const batch = await client.vectorStores.fileBatches.createAndPoll(store.id, { file_ids: [foods.id, decoy.id] }, pollOptions());
  assert.equal(batch.status, 'completed', 'createAndPoll returns the finished batch');
  assert.equal(batch.file_counts.completed, 2);

  const assistant = await client.beta.assistants.create({
    name: 'Food Expert',
    instructions: 'Answer from the files.',
    model: MODEL,
    tools: [{ type: 'file_search' }],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
  });
  assert.deepEqual(assistant.tool_resources.file_search.vector_store_ids, [store.id]);
  const thread = await client.beta.threads.create({ messages: [{ role: 'user', content: "What is Filip's favorite food?" }] });

  const streamed = await streamRun(client, thread.id, { assistant_id: assistant.id, include: [CONTENT] });
  assertEventSequence(streamed.names, EVENTS, 'runs.stream events');
  const stepDelta = streamed.events.find((e) => e.event === 'thread.run.step.delta').data;
  assert.deepEqual(stepDelta.delta.step_details.tool_calls[0].file_search.results, [], 'results are not streamed in the step delta');
  const annotation = await assertCitation(client, thread.id, streamed, expectText, '【0:0†favorite_foods.txt】', foods.id, 'store flow');

  const results = searchResults(streamed, 'store flow');
  assert.equal(results[0].file_id, foods.id, 'the top result is the file with the answer');
  assert.equal(results[0].file_name, 'favorite_foods.txt');
  assert.equal(typeof results[0].score, 'number');
  assert.ok(results[0].score > 0 && results[0].score <= 1, `score in (0, 1], got ${results[0].score}`);
  // The run was created with include[]=…content, so the streamed step.completed carries the passages (§6.5 (d)).
  assert.equal(results[0].content?.[0]?.type, 'text', 'streamed result content');
  assert.ok(results[0].content[0].text.includes("Filip's favorite food is cake."), 'streamed result content text');

  const plain = await client.beta.threads.runs.steps.list(streamed.finalRun.id, { thread_id: thread.id, order: 'asc' });
  const plainResult = plain.data[0].step_details.tool_calls[0].file_search.results[0];
  assert.equal(plainResult.file_id, foods.id);
  assert.equal(plainResult.content, undefined, 'steps.list without include leaves content out');
  const included = await client.beta.threads.runs.steps.list(streamed.finalRun.id, { thread_id: thread.id, order: 'asc', include: [CONTENT] });
  assert.equal(included.data[0].step_details.tool_calls[0].file_search.results[0].content[0].text, results[0].content[0].text, 'steps.list with include');

  // --- flow "attachment": the message attachment makes the thread's store -------------------------------------
  const handbook = await client.files.create({ file: await toFile(Buffer.from(HANDBOOK), 'handbook.md'), purpose: 'assistants' });
  const helper = await client.beta.assistants.create({ name: 'HR Helper', model: MODEL, tools: [{ type: 'file_search' }] });
  const thread2 = await client.beta.threads.create();
  const question = await client.beta.threads.messages.create(thread2.id, {
    role: 'user',
    content: 'How many days of paid leave do I get?',
    attachments: [{ file_id: handbook.id, tools: [{ type: 'file_search' }] }],
  });
  assert.deepEqual(question.attachments, [{ file_id: handbook.id, tools: [{ type: 'file_search' }] }]);
  const withStore = await client.beta.threads.retrieve(thread2.id);
  const storeIds = withStore.tool_resources?.file_search?.vector_store_ids ?? [];
  assert.equal(storeIds.length, 1, "the attachment gives the thread one vector store");
  assertId(storeIds[0], 'vs_', 'thread vector store id');
  // OpenAI's advice: let the store's files finish processing before the run searches them.
  const indexed = await client.vectorStores.files.poll(storeIds[0], handbook.id, pollOptions());
  assert.equal(indexed.status, 'completed', 'the attached file is indexed');

  const streamed2 = await streamRun(client, thread2.id, { assistant_id: helper.id });
  assertEventSequence(streamed2.names, EVENTS, 'attachment runs.stream events');
  const annotation2 = await assertCitation(client, thread2.id, streamed2, expectAttachmentText, '【0:0†handbook.md】', handbook.id, 'attachment flow');
  const results2 = searchResults(streamed2, 'attachment flow');
  assert.equal(results2[0].file_id, handbook.id);
  assert.equal(results2[0].content, undefined, 'no include, no content in the streamed step');

  return {
    file_id: foods.id,
    vector_store_id: store.id,
    events: compactNames(streamed.names),
    annotation,
    result_score: results[0].score,
    attachment_file_id: handbook.id,
    attachment_vector_store_id: storeIds[0],
    attachment_annotation: annotation2,
  };
});
