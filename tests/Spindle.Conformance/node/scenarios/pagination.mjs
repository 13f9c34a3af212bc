// Scenario pagination — cursor pagination of GET /assistants through the SDK.
//
// Expected upstream (fake model) behaviour: NONE. No model call is made.
//
// Environment:
//   SPINDLE_BASE_URL, SPINDLE_API_KEY, SPINDLE_MODEL (default gpt-4o)
//
// Other assistants may exist on the server (other tests): every check is made relative to the
// full ascending walk, and only assistants tagged with this run's random `metadata.suite` are
// required to be exactly the five created here. Assistants created in the same second must still
// come back in creation order (stable tie-break on created_at).
//
// Flow: create 5 tagged assistants -> auto-paginate list({limit:2, order:"asc"}) with `for await`
//   -> page-level walk (iterPages) checking limit/has_more/first_id/last_id on every page ->
//   manual page with `after` and `before` cursors + getNextPage() -> desc walk -> delete all ->
//   retrieve of a deleted assistant is 404.
//
// Success line: {"ok":true,"scenario":"pagination","tag","ids","pages_walked","list_requests_item_walk",
//   "manual_page"}

import {
  run, makeClient, assert, MODEL, OpenAI, randomTag, assertId, expectApiError,
} from './lib.mjs';

run(import.meta.url, async () => {
  // Record every list request the SDK makes, to check the cursors it sends.
  const listRequests = [];
  const client = makeClient({
    fetch: async (url, init) => {
      const u = new URL(typeof url === 'string' ? url : url.url ?? String(url));
      if ((init?.method ?? 'GET') === 'GET' && u.pathname.endsWith('/assistants')) listRequests.push(u.searchParams);
      return fetch(url, init);
    },
  });
  const tag = randomTag('pagination');

  const ids = [];
  for (let i = 0; i < 5; i++) {
    const a = await client.beta.assistants.create({
      model: MODEL,
      name: `Pager ${i}`,
      metadata: { suite: tag, n: String(i) },
    });
    assertId(a.id, 'asst_', 'assistant.id');
    assert.deepEqual(a.metadata, { suite: tag, n: String(i) });
    ids.push(a.id);
  }

  // --- 1. item-level auto-pagination, the way users write it -------------------------------------
  listRequests.length = 0;
  const allAsc = [];
  const tagged = [];
  for await (const a of client.beta.assistants.list({ limit: 2, order: 'asc' })) {
    assert.equal(a.object, 'assistant');
    allAsc.push(a.id);
    if (a.metadata?.suite === tag) tagged.push(a.id);
  }
  assert.deepEqual(tagged, ids, 'the tagged assistants come back exactly, in creation order');
  assert.equal(new Set(allAsc).size, allAsc.length, 'no assistant is returned twice while paging');
  assert.ok(listRequests.length >= 3, `5 assistants with limit 2 need at least 3 requests, got ${listRequests.length}`);
  listRequests.forEach((q, i) => {
    assert.equal(q.get('limit'), '2', `request ${i} limit`);
    assert.equal(q.get('order'), 'asc', `request ${i} order`);
    if (i === 0) assert.equal(q.get('after'), null, 'first request has no cursor');
  });
  const itemWalkRequests = listRequests.length;

  // --- 2. page-level walk: envelope of every page -------------------------------------------------
  const first = await client.beta.assistants.list({ limit: 2, order: 'asc' });
  let pages = 0;
  const walked = [];
  for await (const page of first.iterPages()) {
    pages++;
    const body = page.body;
    assert.equal(body.object, 'list', 'page.object');
    assert.ok(Array.isArray(body.data));
    assert.ok(page.data.length <= 2, `page ${pages} holds at most limit=2 items, got ${page.data.length}`);
    assert.equal(typeof body.has_more, 'boolean', 'has_more is a boolean');
    if (page.data.length > 0) {
      assert.equal(body.first_id, page.data[0].id, `page ${pages} first_id`);
      assert.equal(body.last_id, page.data[page.data.length - 1].id, `page ${pages} last_id`);
    } else {
      assert.equal(body.has_more, false, 'an empty page has has_more=false');
    }
    walked.push(...page.data.map((a) => a.id));
  }
  assert.deepEqual(walked, allAsc, 'page walk and item walk agree');

  // --- 3. manual cursors around our own assistants -----------------------------------------------
  const pos = allAsc.indexOf(ids[0]);
  assert.ok(pos >= 0);
  const afterPage = await client.beta.assistants.list({ limit: 2, order: 'asc', after: ids[0] });
  assert.deepEqual(afterPage.data.map((a) => a.id), allAsc.slice(pos + 1, pos + 3), 'after=<id> returns the next two');
  assert.equal(afterPage.has_more, true, 'has_more (there are more assistants after)');
  assert.equal(afterPage.body.has_more, true);
  assert.equal(afterPage.body.first_id, afterPage.data[0].id);
  assert.equal(afterPage.body.last_id, afterPage.data[1].id);
  assert.equal(afterPage.hasNextPage(), true);
  listRequests.length = 0;
  const nextPage = await afterPage.getNextPage();
  assert.equal(listRequests[0]?.get('after'), afterPage.body.last_id, 'getNextPage sends after=<last_id>');
  assert.deepEqual(nextPage.data.map((a) => a.id), allAsc.slice(pos + 3, pos + 5), 'the page after that');

  const posLast = allAsc.indexOf(ids[4]);
  const beforePage = await client.beta.assistants.list({ limit: 2, order: 'asc', before: ids[4] });
  assert.deepEqual(
    beforePage.data.map((a) => a.id),
    allAsc.slice(Math.max(0, posLast - 2), posLast),
    'before=<id> returns the two just before it, still in asc order',
  );

  // --- 4. descending order is the exact reverse -------------------------------------------------
  const taggedDesc = [];
  for await (const a of client.beta.assistants.list({ limit: 100, order: 'desc' })) {
    if (a.metadata?.suite === tag) taggedDesc.push(a.id);
  }
  assert.deepEqual(taggedDesc, [...ids].reverse(), 'desc order is the reverse of creation order');
  const defaultOrder = [];
  for await (const a of client.beta.assistants.list()) {
    if (a.metadata?.suite === tag) defaultOrder.push(a.id);
  }
  assert.deepEqual(defaultOrder, [...ids].reverse(), 'default order is desc');

  // --- 5. delete them all ------------------------------------------------------------------------
  for (const id of ids) {
    const del = await client.beta.assistants.delete(id);
    assert.deepEqual(del, { id, object: 'assistant.deleted', deleted: true }, `delete ${id}`);
  }
  await expectApiError(() => client.beta.assistants.retrieve(ids[0]), OpenAI.NotFoundError, 404, 'retrieve deleted assistant');
  const leftovers = [];
  for await (const a of client.beta.assistants.list({ limit: 100 })) {
    if (a.metadata?.suite === tag) leftovers.push(a.id);
  }
  assert.deepEqual(leftovers, [], 'deleted assistants are gone from the list');

  return {
    tag,
    ids,
    pages_walked: pages,
    list_requests_item_walk: itemWalkRequests,
    manual_page: {
      after: ids[0],
      data: afterPage.data.map((a) => a.id),
      first_id: afterPage.body.first_id,
      last_id: afterPage.body.last_id,
      has_more: afterPage.body.has_more,
    },
  };
});
