// Scenario seed004 — seed 004 ("Assistants API Commander") through the Node SDK's AzureOpenAI client: Spindle is
// addressed as an Azure OpenAI resource (`{endpoint}/openai/...?api-version=2024-02-15-preview`, key in the `api-key`
// header). The flow is the app's three endpoints, as main.py and playground.py implement them:
//   POST /api/create   files.create (purpose "assistants") for each file -> assistants.create with code_interpreter
//                      and the functions get_stock_price / send_email, the files attached -> threads.create
//   POST /api/process  assistants.retrieve + threads.retrieve -> messages.create(prompt) -> runs.create with the
//                      "current date and time" instructions -> runs.retrieve in a loop; requires_action ->
//                      submitToolOutputs; completed -> messages.list, the messages up to the last user message,
//                      oldest first (get_response_messages)
//   DELETE /api/delete assistants.delete, threads.delete, files.delete
// playground.py (written for v1) passes `file_ids` to assistants.create; v2 takes them as
// tool_resources.code_interpreter.file_ids, which is what this script sends.
//
// Expected upstream (fake model) behaviour:
//   model call 1: ONE tool call to the function `get_stock_price`, id $CALL_ID, arguments $EXPECT_ARGS
//                 (a JSON object with "symbol"); no text.
//   model call 2: (after the output is submitted) ONE plain text reply = $EXPECT_TEXT.
//
// Environment:
//   SPINDLE_AZURE_ENDPOINT  required: Spindle's root, without /v1 (the Azure resource endpoint)
//   SPINDLE_API_KEY, SPINDLE_MODEL (the deployment name; default gpt-4o)
//   CALL_ID       required: the tool-call id the model uses
//   EXPECT_ARGS   required: the arguments of that call
//   EXPECT_TEXT   required: the final assistant reply
//
// Success line: {"ok":true,"scenario":"seed004","assistant_id","thread_id","run_id","file_ids","statuses",
//   "run_instructions","tool_outputs","response_messages","deleted"}

import { AzureOpenAI, toFile } from 'openai';
import {
  run, requireEnv, assert, MODEL, OpenAI,
  assertId, expectApiError,
} from './lib.mjs';

const API_VERSION = '2024-02-15-preview';
const NAME = 'Assistants API Commander';
const INSTRUCTIONS = 'You are a financial analyst. Use the attached files, the code interpreter and the provided functions to answer questions about stocks.';
const PROMPT = 'What is the latest closing price of MSFT? Compare it with the prices in portfolio.csv.';

// The files the app downloads from its fileURLs; here, their text content.
const FILES = [
  { name: 'portfolio.csv', text: 'symbol,shares,purchase_price\nMSFT,10,250.00\nAAPL,5,150.00\n' },
  { name: 'notes.txt', text: 'Portfolio notes — rebalance in Q3.\n' },
];

const TOOLS = [
  { type: 'code_interpreter' },
  {
    type: 'function',
    function: {
      name: 'get_stock_price',
      description: 'Retrieve the latest closing price of a stock using its ticker symbol.',
      parameters: {
        type: 'object',
        properties: { symbol: { type: 'string', description: 'The ticker symbol of the stock' } },
        required: ['symbol'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'send_email',
      description: 'Sends an email to a recipient(s).',
      parameters: {
        type: 'object',
        properties: {
          to: { type: 'string', description: 'The email(s) the email should be sent to.' },
          content: { type: 'string', description: 'The content of the email.' },
        },
        required: ['to', 'content'],
      },
    },
  },
];

// tools.get_stock_price (yfinance in the app): a fixed quote here.
const STOCK_PRICES = { MSFT: '415.50' };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

run(import.meta.url, async () => {
  const endpoint = requireEnv('SPINDLE_AZURE_ENDPOINT');
  const callId = requireEnv('CALL_ID');
  const expectArgs = requireEnv('EXPECT_ARGS');
  const expectText = requireEnv('EXPECT_TEXT');
  const apiKey = process.env.SPINDLE_API_KEY || 'spindle-test-key';

  const client = new AzureOpenAI({ endpoint, apiKey, apiVersion: API_VERSION, maxRetries: 0, timeout: 30000 });
  assert.equal(client.baseURL, `${endpoint.replace(/\/+$/, '')}/openai`, 'AzureOpenAI base URL');

  // ================= POST /api/create ==========================================================
  const fileIds = [];
  for (const f of FILES) {
    const file = await client.files.create({
      file: await toFile(Buffer.from(f.text, 'utf8'), f.name),
      purpose: 'assistants',
    });
    assertId(file.id, 'file-', 'file.id');
    assert.equal(file.object, 'file');
    assert.equal(file.purpose, 'assistants');
    assert.equal(file.filename, f.name);
    assert.equal(file.bytes, Buffer.byteLength(f.text, 'utf8'));
    fileIds.push(file.id);
  }

  const created = await client.beta.assistants.create({
    name: NAME,
    instructions: INSTRUCTIONS,
    tools: TOOLS,
    model: MODEL,
    tool_resources: { code_interpreter: { file_ids: fileIds } },
  });
  assertId(created.id, 'asst_', 'assistant.id');
  assert.equal(created.name, NAME);
  assert.equal(created.model, MODEL);
  assert.deepEqual(created.tools.map((t) => t.type), ['code_interpreter', 'function', 'function']);
  assert.deepEqual(created.tools.slice(1).map((t) => t.function.name), ['get_stock_price', 'send_email']);
  assert.deepEqual(created.tools[1].function.parameters, TOOLS[1].function.parameters);
  assert.deepEqual(created.tool_resources?.code_interpreter?.file_ids, fileIds, 'tool_resources.code_interpreter.file_ids');

  const createdThread = await client.beta.threads.create();
  assertId(createdThread.id, 'thread_', 'thread.id');

  // ================= POST /api/process =========================================================
  const assistant = await client.beta.assistants.retrieve(created.id);
  assert.equal(assistant.id, created.id);
  const thread = await client.beta.threads.retrieve(createdThread.id);
  assert.equal(thread.id, createdThread.id);

  const userMessage = await client.beta.threads.messages.create(thread.id, { role: 'user', content: PROMPT });
  assertId(userMessage.id, 'msg_', 'message.id');

  const runInstructions = 'The current date and time is: ' + new Date().toLocaleString('en-US') + '.';
  let runObj = await client.beta.threads.runs.create(thread.id, {
    assistant_id: assistant.id,
    instructions: runInstructions,
  });
  assertId(runObj.id, 'run_', 'run.id');
  assert.equal(runObj.instructions, runInstructions);

  const statuses = [];
  const toolOutputsSent = [];
  let responseMessages = null;
  for (let i = 0; i < 400 && responseMessages === null; i++) {
    runObj = await client.beta.threads.runs.retrieve(runObj.id, { thread_id: thread.id });
    if (statuses[statuses.length - 1] !== runObj.status) statuses.push(runObj.status);
    if (runObj.status === 'completed' || runObj.status === 'failed') {
      responseMessages = await getResponseMessages(client, thread.id);
    } else if (runObj.status === 'expired' || runObj.status === 'cancelled') {
      responseMessages = [];
    } else if (runObj.status === 'requires_action') {
      toolOutputsSent.push(...(await callFunctions(client, thread.id, runObj)));
    } else {
      await sleep(50);
    }
  }
  assert.ok(responseMessages !== null, `the run never reached a terminal status (statuses: ${statuses.join(', ')})`);
  assert.equal(runObj.status, 'completed', `run status (last_error=${JSON.stringify(runObj.last_error)})`);
  assert.ok(statuses.includes('requires_action'), `the run paused for the function call (statuses: ${statuses.join(', ')})`);
  assert.equal(runObj.required_action, null);
  assert.ok(runObj.usage && runObj.usage.total_tokens > 0, 'usage.total_tokens > 0');

  assert.equal(toolOutputsSent.length, 1, 'one function call answered');
  assert.equal(toolOutputsSent[0].tool_call_id, callId);
  assert.equal(toolOutputsSent[0].arguments, expectArgs);

  assert.deepEqual(responseMessages, [
    { role: 'user', content: PROMPT },
    { role: 'assistant', content: expectText },
  ], 'get_response_messages: the last user message, then the reply');

  // The function call and its output are recorded as a run step.
  const steps = await client.beta.threads.runs.steps.list(runObj.id, { thread_id: thread.id, order: 'asc' });
  assert.deepEqual(steps.data.map((s) => `${s.type}:${s.status}`), ['tool_calls:completed', 'message_creation:completed']);
  const stepCall = steps.data[0].step_details.tool_calls[0];
  assert.equal(stepCall.id, callId);
  assert.equal(stepCall.function.output, toolOutputsSent[0].output);

  // ================= DELETE /api/delete/{userName} =============================================
  const deleted = {};
  const assistantDeleted = await client.beta.assistants.delete(assistant.id);
  assert.deepEqual(assistantDeleted, { id: assistant.id, object: 'assistant.deleted', deleted: true });
  deleted.assistant = assistantDeleted.deleted;
  const threadDeleted = await client.beta.threads.delete(thread.id);
  assert.deepEqual(threadDeleted, { id: thread.id, object: 'thread.deleted', deleted: true });
  deleted.thread = threadDeleted.deleted;
  deleted.files = [];
  for (const id of fileIds) {
    const fileDeleted = await client.files.delete(id);
    assert.deepEqual(fileDeleted, { id, object: 'file', deleted: true });
    deleted.files.push(fileDeleted.deleted);
  }

  // Gone, as on OpenAI: 404s through the Azure layout too.
  await expectApiError(() => client.beta.assistants.retrieve(assistant.id), OpenAI.NotFoundError, 404, 'retrieve of the deleted assistant');
  await expectApiError(() => client.beta.threads.retrieve(thread.id), OpenAI.NotFoundError, 404, 'retrieve of the deleted thread');
  await expectApiError(() => client.files.retrieve(fileIds[0]), OpenAI.NotFoundError, 404, 'retrieve of a deleted file');

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: runObj.id,
    file_ids: fileIds,
    statuses,
    run_instructions: runInstructions,
    tool_outputs: toolOutputsSent,
    response_messages: responseMessages,
    deleted,
  };
});

// playground.call_functions: answers every tool call of required_action, then submit_tool_outputs.
async function callFunctions(client, threadId, runObj) {
  assert.equal(runObj.required_action?.type, 'submit_tool_outputs');
  const toolOutputs = [];
  const sent = [];
  for (const action of runObj.required_action.submit_tool_outputs.tool_calls) {
    assert.equal(action.type, 'function');
    const funcName = action.function.name;
    const args = JSON.parse(action.function.arguments);
    let output;
    if (funcName === 'get_stock_price') {
      output = STOCK_PRICES[args.symbol] ?? 'unknown symbol';
    } else if (funcName === 'send_email') {
      output = 'Email sent';
    } else {
      throw new Error(`Unknown function: ${funcName}`);
    }
    toolOutputs.push({ tool_call_id: action.id, output });
    sent.push({ tool_call_id: action.id, name: funcName, arguments: action.function.arguments, output });
  }
  const submitted = await client.beta.threads.runs.submitToolOutputs(runObj.id, {
    thread_id: threadId,
    tool_outputs: toolOutputs,
  });
  assert.equal(submitted.id, runObj.id);
  return sent;
}

// playground.get_response_messages: newest first until the last user message, then oldest first; text parts only.
async function getResponseMessages(client, threadId) {
  const messages = await client.beta.threads.messages.list(threadId);
  const list = [];
  for (const message of messages.data) {
    list.push(message);
    if (message.role === 'user') break;
  }
  list.reverse();
  const out = [];
  for (const message of list) {
    for (const item of message.content) {
      if (item.type === 'text') {
        if (!item.text.value) continue;
        out.push({ role: message.role, content: item.text.value });
      }
    }
  }
  return out;
}
