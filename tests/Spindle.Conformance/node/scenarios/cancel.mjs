// Scenario cancel — cancelling an active run (non-streaming).
//
// Expected upstream (fake model) behaviour:
//   the model call for this run is HELD OPEN (no reply, or a reply that never finishes) so the run
//   stays queued/in_progress until it is cancelled. Spindle should abort/ignore that call once the
//   run is cancelled; no assistant text must be committed.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o), SPINDLE_POLL_INTERVAL_MS (optional)
//   CANCEL_WHEN   optional: "immediate" (default) cancels right after runs.create;
//                 "in_progress" first polls runs.retrieve (every 100 ms, at most 10 s) until the
//                 run is in_progress, i.e. the model call is under way.
//
// Flow: assistant + thread + message -> runs.create -> [wait for in_progress] -> runs.cancel
//   (status cancelling|cancelled) -> runs.poll until terminal (cancelled, cancelled_at set) ->
//   steps/messages of the run are not left in_progress -> a new message can be added (the thread
//   has no active run any more) -> a second cancel is reported (not asserted).
//
// Success line: {"ok":true,"scenario":"cancel","assistant_id","thread_id","run_id","created_status",
//   "cancel_status","final_status","cancelled_at","steps","recancel"}

import {
  run, makeClient, pollOptions, assert, MODEL, OpenAI, assertId, assertUnixSeconds,
} from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

run(import.meta.url, async () => {
  const cancelWhen = process.env.CANCEL_WHEN || 'immediate';
  assert.ok(['immediate', 'in_progress'].includes(cancelWhen), `CANCEL_WHEN must be immediate|in_progress, got ${cancelWhen}`);
  const client = makeClient();

  const assistant = await client.beta.assistants.create({
    name: 'Slow Bot',
    instructions: 'Take your time.',
    model: MODEL,
  });
  const thread = await client.beta.threads.create();
  await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Write a very long story.' });

  const created = await client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
  assertId(created.id, 'run_', 'run.id');
  assert.ok(['queued', 'in_progress'].includes(created.status), `a new run is queued (or in_progress), got ${created.status}`);
  assert.equal(created.usage, null);
  assert.equal(created.cancelled_at, null);

  if (cancelWhen === 'in_progress') {
    const deadline = Date.now() + 10000;
    for (;;) {
      const r = await client.beta.threads.runs.retrieve(created.id, { thread_id: thread.id });
      if (r.status === 'in_progress') break;
      assert.equal(r.status, 'queued', `while waiting for in_progress the run must stay queued, got ${r.status}`);
      assert.ok(Date.now() < deadline, 'run did not reach in_progress within 10 s');
      await sleep(100);
    }
  }

  // 6.x: cancel(runID, { thread_id }, options?)
  const cancelling = await client.beta.threads.runs.cancel(created.id, { thread_id: thread.id });
  assert.equal(cancelling.id, created.id);
  assert.equal(cancelling.object, 'thread.run');
  assert.ok(
    ['cancelling', 'cancelled'].includes(cancelling.status),
    `cancel returns cancelling or cancelled, got ${cancelling.status}`,
  );

  // 6.x: poll(runId, { thread_id }, options?) — keeps polling while queued/in_progress/cancelling.
  const final = await client.beta.threads.runs.poll(created.id, { thread_id: thread.id }, pollOptions());
  assert.equal(final.status, 'cancelled', `terminal status (last_error=${JSON.stringify(final.last_error)})`);
  assertUnixSeconds(final.cancelled_at, 'run.cancelled_at');
  assert.equal(final.completed_at, null);
  assert.equal(final.failed_at, null);
  assert.equal(final.required_action, null);

  // Nothing of the run is left open.
  const steps = await client.beta.threads.runs.steps.list(created.id, { thread_id: thread.id });
  for (const s of steps.data) {
    assert.notEqual(s.status, 'in_progress', `step ${s.id} must not stay in_progress after cancel`);
  }
  const runMessages = await client.beta.threads.messages.list(thread.id, { run_id: created.id });
  for (const m of runMessages.data) {
    assert.notEqual(m.status, 'in_progress', `message ${m.id} must not stay in_progress after cancel`);
  }

  // The thread is free again: adding a message must work now.
  const follow = await client.beta.threads.messages.create(thread.id, { role: 'user', content: 'Never mind.' });
  assertId(follow.id, 'msg_', 'follow-up message id');

  // Cancelling a cancelled run: reported only (the real service's answer is not recorded).
  let recancel;
  try {
    const r = await client.beta.threads.runs.cancel(created.id, { thread_id: thread.id });
    recancel = { ok: true, status: r.status };
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) throw e;
    recancel = { ok: false, http_status: e.status, type: e.type ?? null, message: e.error?.message ?? e.message };
  }

  return {
    assistant_id: assistant.id,
    thread_id: thread.id,
    run_id: created.id,
    cancel_when: cancelWhen,
    created_status: created.status,
    cancel_status: cancelling.status,
    final_status: final.status,
    cancelled_at: final.cancelled_at,
    steps: steps.data.map((s) => ({ id: s.id, type: s.type, status: s.status })),
    run_messages: runMessages.data.map((m) => ({ id: m.id, status: m.status, incomplete_details: m.incomplete_details ?? null })),
    recancel,
  };
});
