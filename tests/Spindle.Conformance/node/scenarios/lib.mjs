// Shared helpers for the Node conformance scenarios.
//
// Every scenario is a standalone script run as `node scenarios/<name>.mjs`.
// Contract with the C# harness:
//   * stdout: exactly ONE line of JSON on success, `{"ok":true,"scenario":"<name>",...}`, exit code 0;
//   * on failure: nothing on stdout, the error (with stack, and the API error body when there is one)
//     on stderr, exit code 1.
//
// Environment read here (all scenarios):
//   SPINDLE_BASE_URL            required, e.g. http://127.0.0.1:5123/v1 (never falls back to api.openai.com)
//   SPINDLE_API_KEY             bearer key sent to Spindle (default "spindle-test-key")
//   SPINDLE_MODEL               model for created assistants (default "gpt-4o")
//   SPINDLE_POLL_INTERVAL_MS    optional; when set it is passed as `pollIntervalMs` to the SDK poll helpers.
//                               When unset the helpers pace themselves from Spindle's `openai-poll-after-ms`
//                               header (SDK default without the header: 5000 ms).
//   SPINDLE_SCENARIO_TIMEOUT_MS optional; hard deadline for the whole script (default 120000).

import OpenAI from 'openai';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export { OpenAI, assert };

/** Reads a required environment variable; throws a clear error when it is missing or empty. */
export function requireEnv(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is required by this scenario but is not set`);
  }
  return value;
}

/** The model used for every assistant the scenarios create. */
export const MODEL = process.env.SPINDLE_MODEL || 'gpt-4o';

/** The function tool the function-calling scenarios give their assistant. */
export const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_current_weather',
    description: 'Get the current weather in a given location',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['location'],
    },
  },
};

/** The events of one message_creation step, as §6.3's grammar has them (`+` = one or more). */
export const MESSAGE_STEP = [
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.message.created',
  'thread.message.in_progress',
  'thread.message.delta+',
  'thread.message.completed',
  'thread.run.step.completed',
];

/** Creates the SDK client exactly as a user would, only the base URL pointing at Spindle. */
export function makeClient(extra = {}) {
  const baseURL = requireEnv('SPINDLE_BASE_URL');
  const apiKey = process.env.SPINDLE_API_KEY || 'spindle-test-key';
  return new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30000, ...extra });
}

/** Options for the SDK poll helpers (createAndPoll, poll, submitToolOutputsAndPoll). */
export function pollOptions() {
  const raw = process.env.SPINDLE_POLL_INTERVAL_MS;
  if (raw === undefined || raw === '') return undefined;
  const ms = Number.parseInt(raw, 10);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`SPINDLE_POLL_INTERVAL_MS is not a number: ${raw}`);
  return { pollIntervalMs: ms };
}

/** A short random tag, for metadata that marks the objects this run created. */
export function randomTag(prefix = 'node') {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** Awaits `promiseOrFn` and asserts it rejects with `ErrorClass` (and `status` when given); returns the error. */
export async function expectApiError(promiseOrFn, ErrorClass, status, what = 'request') {
  let err;
  try {
    const p = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
    const value = await p;
    assert.fail(`${what}: expected ${ErrorClass.name} (${status}) but the call succeeded with ${safeJson(value)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    err = e;
  }
  assert.ok(
    err instanceof ErrorClass,
    `${what}: expected ${ErrorClass.name} but got ${err?.constructor?.name}: ${err?.message}`,
  );
  if (status !== undefined) assert.equal(err.status, status, `${what}: HTTP status`);
  return err;
}

/**
 * Asserts the error body is OpenAI-shaped: `{"error":{"message","type","param","code"}}`.
 * The SDK exposes the inner object as `err.error` and copies type/param/code onto the error.
 */
export function assertOpenAIErrorShape(err, what = 'error') {
  const body = err.error;
  assert.ok(body && typeof body === 'object', `${what}: the response has no "error" object (got ${safeJson(body)})`);
  assert.equal(typeof body.message, 'string', `${what}: error.message must be a string`);
  assert.ok(body.message.length > 0, `${what}: error.message must not be empty`);
  assert.equal(typeof body.type, 'string', `${what}: error.type must be a string`);
  assert.ok('param' in body, `${what}: error.param must be present (may be null)`);
  assert.ok('code' in body, `${what}: error.code must be present (may be null)`);
  assert.ok(body.param === null || typeof body.param === 'string', `${what}: error.param must be string|null`);
  assert.ok(body.code === null || typeof body.code === 'string', `${what}: error.code must be string|null`);
  return body;
}

/** Asserts an integer Unix timestamp in seconds (not milliseconds) near now. */
export function assertUnixSeconds(value, what) {
  assert.equal(typeof value, 'number', `${what} must be a number, got ${safeJson(value)}`);
  assert.ok(Number.isInteger(value), `${what} must be an integer, got ${value}`);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(value - now) < 86400, `${what} must be Unix seconds near now (${now}), got ${value}`);
}

/** Asserts `id` is a string with the given prefix. */
export function assertId(id, prefix, what = 'id') {
  assert.equal(typeof id, 'string', `${what} must be a string`);
  assert.ok(id.startsWith(prefix) && id.length > prefix.length, `${what} must start with "${prefix}", got ${safeJson(id)}`);
}

/** Text of the first content part of a message, asserting it is a text part. */
export function textOf(message, what = 'message') {
  assert.ok(Array.isArray(message?.content), `${what}.content must be an array`);
  assert.ok(message.content.length >= 1, `${what}.content must not be empty`);
  const part = message.content[0];
  assert.equal(part.type, 'text', `${what}.content[0].type`);
  assert.equal(typeof part.text?.value, 'string', `${what}.content[0].text.value must be a string`);
  return part.text.value;
}

/**
 * Asserts that `names` matches `pattern` exactly. A pattern entry is an event name, or the name
 * followed by "+" meaning "one or more".
 */
export function assertEventSequence(names, pattern, what = 'event sequence') {
  let i = 0;
  for (const entry of pattern) {
    const plus = entry.endsWith('+');
    const name = plus ? entry.slice(0, -1) : entry;
    if (names[i] !== name) {
      assert.fail(`${what}: expected "${name}" at position ${i}, got "${names[i]}".\n  got:      ${names.join(', ')}\n  expected: ${pattern.join(', ')}`);
    }
    i++;
    if (plus) while (names[i] === name) i++;
  }
  if (i !== names.length) {
    assert.fail(`${what}: unexpected trailing events from position ${i}: ${names.slice(i).join(', ')}\n  got:      ${names.join(', ')}\n  expected: ${pattern.join(', ')}`);
  }
}

/** Collapses runs of the same name, e.g. [a, d, d, d, b] -> [a, d+, b]; handy for the JSON report. */
export function compactNames(names) {
  const out = [];
  for (const n of names) {
    const last = out[out.length - 1];
    if (last === n || last === `${n}+`) out[out.length - 1] = `${n}+`;
    else out.push(n);
  }
  return out;
}

function safeJson(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function describeError(err) {
  const lines = [];
  lines.push(err?.stack || String(err));
  if (err instanceof OpenAI.APIError) {
    lines.push(`  API error: status=${err.status} type=${err.type} param=${err.param} code=${err.code} request_id=${err.requestID}`);
    lines.push(`  error body: ${safeJson(err.error)}`);
  }
  for (let c = err?.cause, depth = 0; c && depth < 5; c = c.cause, depth++) {
    lines.push(`  cause: ${c.stack || c}${c.code ? ` (code ${c.code})` : ''}`);
  }
  return lines.join('\n');
}

/**
 * Runs a scenario body. `body` returns an object merged into the success line.
 * Usage at the bottom of a scenario:  run(import.meta.url, async () => { ...; return { thread_id } });
 */
export function run(moduleUrl, body) {
  const scenario = basename(fileURLToPath(moduleUrl), '.mjs');
  const timeoutMs = Number.parseInt(process.env.SPINDLE_SCENARIO_TIMEOUT_MS || '120000', 10);
  const timer = setTimeout(() => {
    process.stderr.write(`[${scenario}] FAILED: scenario did not finish within ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);
  // The timer stays referenced on purpose: a promise that never settles must end as a failure,
  // not as a silent exit 0 without the JSON line.
  void timer;

  const fail = (err) => {
    process.stderr.write(`[${scenario}] FAILED: ${describeError(err)}\n`, () => process.exit(1));
  };
  process.on('unhandledRejection', fail);
  process.on('uncaughtException', fail);

  Promise.resolve()
    .then(body)
    .then((result) => {
      clearTimeout(timer);
      const line = JSON.stringify({ ok: true, scenario, ...(result ?? {}) });
      // Exit explicitly once the line is flushed: keep-alive sockets must not keep the process around.
      process.stdout.write(line + '\n', () => process.exit(0));
    }, fail);
}
