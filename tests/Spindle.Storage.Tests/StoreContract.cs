using Spindle.Core.Storage;
using Spindle.Core.Tenancy;
using Spindle.Core.Wire;

namespace Spindle.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IObjectStore"/> must have, written once and run against each engine (STYLE.md §13).
/// xunit builds a new instance per test, so each test gets its own collection and tenants in the shared database.
/// </summary>
public abstract class StoreContract(IStoreFixture fixture)
{
    private readonly IObjectStore _store = fixture.Store;
    private readonly string _collection = "c_" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inserted_row_reads_back_with_every_column_and_the_exact_json()
    {
        var tenant = NewTenant();
        const string json = "{\"z\": 1,  \"a\":\"é 😀 \\u00e9 \\n \\\"q\\\"\",\"n\":123456789012345678901234567890,\"f\":1.10,\"e\":[]}";
        var full = new Row(_collection, "full", "thread_1", "thread_1", 1_700_000_123, "queued", json);
        var bare = new Row(_collection, "bare", ParentId: null, Scope: null, CreatedAt: 0, Tag: null, Json: "{}");

        await _store.InsertAsync(tenant, [full, bare], Ct);

        Assert.Equal(full, await _store.GetAsync(tenant, _collection, "full", Ct));
        Assert.Equal(bare, await _store.GetAsync(tenant, _collection, "bare", Ct));
        Assert.Null(await _store.GetAsync(tenant, _collection, "missing", Ct));
    }

    [Fact]
    public async Task Another_tenants_row_behaves_exactly_like_a_missing_one()
    {
        var (owner, other) = (NewTenant(), NewTenant());
        var thread = NewRow("thread", tag: "t");
        var child = NewRow("child", parent: "thread", scope: "thread", tag: "t");
        await _store.InsertAsync(owner, [thread, child], Ct);

        Assert.Null(await _store.GetAsync(other, _collection, "thread", Ct));
        Assert.False(await _store.UpdateAsync(other, thread with { Json = "{}" }, expectedJson: null, Ct));
        Assert.False(await _store.UpdateAsync(other, child with { Tag = "x" }, expectedJson: child.Json, Ct));
        Assert.False(await _store.DeleteAsync(other, _collection, "thread", Ct));
        Assert.Empty((await List(other, Query())).Rows);
        Assert.Empty((await List(other, Query(parent: "thread"))).Rows);
        Assert.Empty((await List(other, Query(tag: "t"))).Rows);

        Assert.Equal(thread, await _store.GetAsync(owner, _collection, "thread", Ct));
        Assert.Equal(child, await _store.GetAsync(owner, _collection, "child", Ct));
    }

    [Fact]
    public async Task Inserting_an_existing_id_conflicts_even_for_another_tenant()
    {
        var (owner, other) = (NewTenant(), NewTenant());
        var row = NewRow("taken");
        await _store.InsertAsync(owner, [row], Ct);

        await Assert.ThrowsAsync<RowConflictException>(() => _store.InsertAsync(owner, [row], Ct));
        await Assert.ThrowsAsync<RowConflictException>(() => _store.InsertAsync(other, [row with { Json = "{}" }], Ct));

        Assert.Null(await _store.GetAsync(other, _collection, "taken", Ct));
        Assert.Equal(row, await _store.GetAsync(owner, _collection, "taken", Ct));
        var elsewhere = row with { Collection = _collection + "_other" };
        await _store.InsertAsync(owner, [elsewhere], Ct);
        Assert.Equal(elsewhere, await _store.GetAsync(owner, elsewhere.Collection, "taken", Ct));
    }

    [Fact]
    public async Task A_thread_holds_one_active_run_whatever_inserts_race_for_it()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var thread = "thread_" + Guid.NewGuid().ToString("N");
        Row Run(string id, string status) => new("runs", id + Guid.NewGuid().ToString("N"), thread, thread, 1_700_000_000, status, "{}");

        // Eight inserts at once, each a message and an active run on the same thread: exactly one lands, whole.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await _store.InsertAsync(tenant, [NewRow($"msg{i}", parent: thread), Run("run_", RunStatus.Active[i % 4])], Ct);
                return true;
            }
            catch (RowConflictException)
            {
                return false;
            }
        }));
        Assert.Single(attempts, won => won);
        Assert.Single((await List(tenant, Query(parent: thread))).Rows);

        // A run that ended frees the thread; another tenant's thread of the same id was never blocked.
        var ended = Run("run_done_", RunStatus.Completed);
        await _store.InsertAsync(other, [Run("run_", RunStatus.Queued), ended], Ct);
        var active = (await _store.ListAsync(tenant, "runs", Query(parent: thread), Ct)).Rows.Single();
        await _store.UpdateAsync(tenant, active with { Tag = RunStatus.Failed }, active.Json, Ct);
        await _store.InsertAsync(tenant, [Run("run_next_", RunStatus.Queued)], Ct);
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_id_inserts_nothing()
    {
        var tenant = NewTenant();
        var (a, b) = (NewRow("a"), NewRow("b"));
        await Assert.ThrowsAsync<RowConflictException>(() => _store.InsertAsync(tenant, [a, b, a with { Json = "{}" }], Ct));
        Assert.Null(await _store.GetAsync(tenant, _collection, "a", Ct));
        Assert.Null(await _store.GetAsync(tenant, _collection, "b", Ct));

        var existing = NewRow("existing");
        await _store.InsertAsync(tenant, [existing], Ct);
        await Assert.ThrowsAsync<RowConflictException>(() => _store.InsertAsync(tenant, [NewRow("c"), existing with { Json = "{}" }], Ct));
        Assert.Null(await _store.GetAsync(tenant, _collection, "c", Ct));
        Assert.Equal([existing], (await List(tenant, Query())).Rows);
    }

    [Fact]
    public async Task A_conditional_insert_needs_the_parent_and_a_newest_child_without_a_blocking_tag()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var runs = _collection + "_runs";
        var condition = new InsertCondition(_collection, "thread", runs, ["queued", "in_progress"]);
        Row Run(string id, long createdAt, string tag) => new(runs, id, "thread", "thread", createdAt, tag, "{}");
        Row Message(string id) => NewRow(id, parent: "thread", scope: "thread");
        async Task<List<string>> Messages() => Ids(await List(tenant, Query(parent: "thread")));

        // The parent is missing, or is another tenant's: nothing is written.
        await _store.InsertAsync(other, [NewRow("elsewhere")], Ct);
        Assert.True((await _store.InsertIfAsync(tenant, [Message("m1")], condition, Ct))!.ParentMissing);
        Assert.True((await _store.InsertIfAsync(tenant, [Message("m1")], condition with { ParentId = "elsewhere" }, Ct))!.ParentMissing);
        Assert.Empty(await Messages());

        // A parent without children; then one whose newest child has ended, though an older one is still queued.
        await _store.InsertAsync(tenant, [NewRow("thread")], Ct);
        Assert.Null(await _store.InsertIfAsync(tenant, [Message("m1")], condition, Ct));
        await _store.InsertAsync(tenant, [Run("old", 1_700_000_000, "queued"), Run("ended", 1_700_000_001, "completed")], Ct);
        Assert.Null(await _store.InsertIfAsync(tenant, [Message("m2")], condition, Ct));

        // The newest child blocks, and is returned; no row of the batch is written.
        var active = Run("active", 1_700_000_002, "in_progress");
        await _store.InsertAsync(tenant, [active], Ct);
        Assert.Equal(new InsertRefusal(active), await _store.InsertIfAsync(tenant, [Message("m3"), Message("m4")], condition, Ct));
        Assert.Equal(["m1", "m2"], await Messages());

        // An id already taken still conflicts, and leaves nothing of its batch behind.
        await _store.UpdateAsync(tenant, active with { Tag = "failed" }, active.Json, Ct);
        await Assert.ThrowsAsync<RowConflictException>(() => _store.InsertIfAsync(tenant, [Message("m3"), Message("m1")], condition, Ct));
        Assert.Null(await _store.InsertIfAsync(tenant, [Message("m3"), Message("m4")], condition, Ct));
        Assert.Equal(["m1", "m2", "m3", "m4"], await Messages());
    }

    [Fact]
    public async Task Lists_sort_by_created_at_then_insertion_order_in_both_orders()
    {
        var tenant = NewTenant();
        var rows = new long[] { 5, 3, 3, 7, 3, 5 }.Select((time, i) => NewRow($"r{i}", createdAt: time)).ToArray();
        await _store.InsertAsync(tenant, rows[..3], Ct);
        foreach (var row in rows[3..])
        {
            await _store.InsertAsync(tenant, [row], Ct);
        }

        string[] ascending = ["r1", "r2", "r4", "r0", "r5", "r3"];
        Assert.Equal(ascending, Ids(await List(tenant, Query(ascending: true))));
        Assert.Equal(Enumerable.Reverse(ascending), Ids(await List(tenant, Query(ascending: false))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_and_before_pages_match_the_sorted_list_for_every_cursor_and_limit(bool ascending)
    {
        var tenant = NewTenant();
        var rows = new long[] { 2, 1, 2, 3, 1, 2, 3 }.Select((time, i) => NewRow($"r{i}", createdAt: time)).ToArray();
        await _store.InsertAsync(tenant, rows, Ct);
        var sorted = rows.Select((row, i) => (row, i)).OrderBy(x => x.row.CreatedAt).ThenBy(x => x.i).Select(x => x.row.Id).ToList();
        if (!ascending)
        {
            sorted.Reverse();
        }

        for (var limit = 1; limit <= sorted.Count + 1; limit++)
        {
            AssertPage($"first, limit {limit}", sorted.Take(limit), sorted.Count > limit, await List(tenant, Query(ascending, limit)));
            for (var i = 0; i < sorted.Count; i++)
            {
                var following = sorted.Skip(i + 1).ToList();
                var page = await List(tenant, Query(ascending, limit, after: sorted[i]));
                AssertPage($"after {sorted[i]}, limit {limit}", following.Take(limit), following.Count > limit, page);

                var preceding = sorted.Take(i).ToList();
                page = await List(tenant, Query(ascending, limit, before: sorted[i]));
                AssertPage($"before {sorted[i]}, limit {limit}", preceding.TakeLast(limit), preceding.Count > limit, page);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Paging_forward_with_after_and_back_with_before_visits_every_row_once(bool ascending)
    {
        var tenant = NewTenant();
        var rows = Enumerable.Range(0, 10).Select(i => NewRow($"r{i}", createdAt: i / 3)).ToArray();
        await _store.InsertAsync(tenant, rows, Ct);
        var expected = ascending ? rows.Select(r => r.Id).ToList() : rows.Select(r => r.Id).Reverse().ToList();

        var forward = new List<string>();
        var page = await List(tenant, Query(ascending, limit: 3));
        forward.AddRange(Ids(page));
        while (page.HasMore)
        {
            page = await List(tenant, Query(ascending, limit: 3, after: forward[^1]));
            forward.AddRange(Ids(page));
        }

        Assert.Equal(expected, forward);
        Assert.Equal([expected[^1]], Ids(page));

        var backward = new List<string> { forward[^1] };
        do
        {
            page = await List(tenant, Query(ascending, limit: 3, before: backward[0]));
            backward.InsertRange(0, Ids(page));
        }
        while (page.HasMore);

        Assert.Equal(expected, backward);
    }

    [Fact]
    public async Task A_cursor_unknown_to_the_tenant_or_collection_yields_an_empty_page()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        await _store.InsertAsync(tenant, [NewRow("r0"), NewRow("r1"), NewRow("r2")], Ct);
        await _store.InsertAsync(other, [NewRow("foreign")], Ct);
        await _store.InsertAsync(tenant, [NewRow("elsewhere") with { Collection = _collection + "_other" }], Ct);

        foreach (var cursor in new[] { "missing", "foreign", "elsewhere" })
        {
            foreach (var ascending in new[] { true, false })
            {
                AssertPage($"after {cursor}", [], false, await List(tenant, Query(ascending, 2, after: cursor)));
                AssertPage($"before {cursor}", [], false, await List(tenant, Query(ascending, 2, before: cursor)));
            }
        }
    }

    [Fact]
    public async Task A_listed_row_is_the_row_as_read_by_its_id_whatever_the_query()
    {
        var tenant = NewTenant();
        Row[] rows =
        [
            new(_collection, "top", ParentId: null, Scope: null, CreatedAt: 1, Tag: null, Json: "{\"a\":\"é 😀\"}"),
            new(_collection, "top_tagged", ParentId: null, Scope: "s", CreatedAt: 2, Tag: "t", Json: "{}"),
            new(_collection, "child", ParentId: "p", Scope: "p", CreatedAt: 1, Tag: "t", Json: "{\"b\":1}"),
            new(_collection, "child_bare", ParentId: "p", Scope: null, CreatedAt: 2, Tag: null, Json: "[]"),
            new(_collection, "child_last", ParentId: "p", Scope: "other", CreatedAt: 3, Tag: "t", Json: "{\"c\":[]}"),
        ];
        await _store.InsertAsync(tenant, rows, Ct);

        var pages = new List<RowPage>();
        foreach (var ascending in new[] { true, false })
        {
            foreach (var parent in new[] { null, "p" })
            {
                pages.Add(await List(tenant, Query(ascending, parent: parent)));
                pages.Add(await List(tenant, Query(ascending, parent: parent, tag: "t")));
            }

            pages.Add(await List(tenant, Query(ascending, parent: "p", after: "child")));
            pages.Add(await List(tenant, Query(ascending, parent: "p", before: "child_last")));
        }

        var listed = pages.SelectMany(page => page.Rows).ToList();
        Assert.Equal(rows.Select(r => r.Id).Order(), listed.Select(r => r.Id).Distinct().Order());
        foreach (var row in listed)
        {
            Assert.Equal(await _store.GetAsync(tenant, _collection, row.Id, Ct), row);
        }
    }

    [Fact]
    public async Task Parent_and_tag_filters_select_only_matching_rows()
    {
        var tenant = NewTenant();
        await _store.InsertAsync(tenant,
        [
            NewRow("top_a", tag: "a"), NewRow("top_b", tag: "b"), NewRow("top_none"),
            NewRow("p1_a", parent: "p1", tag: "a"), NewRow("p1_b", parent: "p1", tag: "b"), NewRow("p1_a2", parent: "p1", tag: "a"),
            NewRow("p2_a", parent: "p2", tag: "a"),
        ], Ct);

        Assert.Equal(["top_a", "top_b", "top_none"], Ids(await List(tenant, Query())));
        Assert.Equal(["p1_a", "p1_b", "p1_a2"], Ids(await List(tenant, Query(parent: "p1"))));
        Assert.Equal(["p1_a", "p1_a2"], Ids(await List(tenant, Query(parent: "p1", tag: "a"))));
        Assert.Equal(["top_b"], Ids(await List(tenant, Query(tag: "b"))));
        Assert.Empty(Ids(await List(tenant, Query(parent: "p3"))));

        AssertPage("first", ["p1_a"], true, await List(tenant, Query(limit: 1, parent: "p1", tag: "a")));
        AssertPage("after p1_a", ["p1_a2"], false, await List(tenant, Query(limit: 1, parent: "p1", tag: "a", after: "p1_a")));
    }

    [Fact]
    public async Task Update_replaces_tag_and_json_and_keeps_the_other_columns()
    {
        var tenant = NewTenant();
        var row = NewRow("run", parent: "thread", scope: "thread", createdAt: 10, tag: "queued");
        await _store.InsertAsync(tenant, [row], Ct);

        var next = row with { Tag = "in_progress", Json = "{\"status\":\"in_progress\"}" };
        Assert.True(await _store.UpdateAsync(tenant, next with { ParentId = "x", Scope = "x", CreatedAt = 99 }, expectedJson: null, Ct));
        Assert.Equal(next, await _store.GetAsync(tenant, _collection, "run", Ct));

        Assert.True(await _store.UpdateAsync(tenant, next with { Tag = null }, expectedJson: null, Ct));
        Assert.Null((await _store.GetAsync(tenant, _collection, "run", Ct))!.Tag);
        Assert.False(await _store.UpdateAsync(tenant, next with { Id = "missing" }, expectedJson: null, Ct));
    }

    [Fact]
    public async Task Compare_and_set_updates_only_when_the_stored_json_is_exactly_the_expected_text()
    {
        var tenant = NewTenant();
        var row = NewRow("run", tag: "queued") with { Json = "{\"status\":\"queued\",\"metadata\":{\"k\":\"é\"}}" };
        await _store.InsertAsync(tenant, [row], Ct);
        var started = row with { Tag = "in_progress", Json = "{\"status\":\"in_progress\",\"metadata\":{\"k\":\"é\"}}" };

        // The same JSON value in other bytes (a space, an escape, another key order) is not what is stored.
        string[] sameValueOtherText =
        [
            "{\"status\": \"queued\",\"metadata\":{\"k\":\"é\"}}",
            "{\"status\":\"queued\",\"metadata\":{\"k\":\"\\u00e9\"}}",
            "{\"metadata\":{\"k\":\"é\"},\"status\":\"queued\"}",
        ];
        foreach (var text in sameValueOtherText)
        {
            Assert.False(await _store.UpdateAsync(tenant, started, expectedJson: text, Ct));
        }

        Assert.Equal(row, await _store.GetAsync(tenant, _collection, "run", Ct));
        Assert.True(await _store.UpdateAsync(tenant, started, expectedJson: row.Json, Ct));
        Assert.False(await _store.UpdateAsync(tenant, row with { Tag = "cancelled", Json = "{}" }, expectedJson: row.Json, Ct));
        Assert.Equal(started, await _store.GetAsync(tenant, _collection, "run", Ct));
        Assert.False(await _store.UpdateAsync(tenant, NewRow("missing"), expectedJson: NewRow("missing").Json, Ct));
    }

    [Fact]
    public async Task Update_then_list_reads_the_page_after_the_update_and_nothing_when_it_is_refused()
    {
        var tenant = NewTenant();
        var run = NewRow("run", parent: "thread", tag: "queued");
        var message = NewRow("msg", parent: "thread");
        await _store.InsertAsync(tenant, [message, run], Ct);
        await _store.InsertAsync(NewTenant(), [NewRow("elsewhere", parent: "thread")], Ct);
        var started = run with { Tag = "in_progress", Json = """{"id":"run","status":"in_progress"}""" };

        // Refused: the stored JSON is not the expected text. Nothing is written, and no page comes back.
        Assert.Null(await _store.UpdateThenListAsync(tenant, started, expectedJson: "{}", _collection, Query(parent: "thread"), Ct));
        Assert.Equal(run, await _store.GetAsync(tenant, _collection, "run", Ct));

        // Written: the page is this tenant's rows of the parent as they stand after the update.
        var page = await _store.UpdateThenListAsync(tenant, started, expectedJson: run.Json, _collection, Query(parent: "thread", limit: 1), Ct);
        Assert.NotNull(page);
        Assert.Equal(["msg"], Ids(page));
        Assert.True(page.HasMore);
        var changed = started with { Json = """{"id":"run","status":"in_progress","n":2}""" };
        var after = await _store.UpdateThenListAsync(tenant, changed, started.Json, _collection, Query(parent: "thread"), Ct);
        Assert.Equal([message, changed], after!.Rows);
    }

    [Fact]
    public async Task Update_all_writes_every_row_or_none_when_one_json_or_row_does_not_match()
    {
        var tenant = NewTenant();
        var (message, step, run) = (NewRow("msg", tag: "in_progress"), NewRow("step", tag: "in_progress"), NewRow("run", tag: "in_progress"));
        await _store.InsertAsync(tenant, [message, step, run], Ct);
        RowUpdate[] ending =
        [
            new(message with { Tag = "completed", Json = "{\"m\":1}" }),
            new(step with { Tag = "completed", Json = "{\"s\":1}" }),
            new(run with { Tag = "completed", Json = "{\"r\":1}" }, ExpectedJson: run.Json),
        ];
        var cancelling = run with { Tag = "cancelling", Json = "{\"r\":\"cancelling\"}" };

        Assert.True(await _store.UpdateAsync(tenant, cancelling, run.Json, Ct));
        Assert.False(await _store.UpdateAllAsync(tenant, ending, Ct));
        Assert.False(await _store.UpdateAllAsync(tenant, [ending[0], new(NewRow("missing"))], Ct));
        Assert.Equal([message, step, cancelling], await GetAllAsync(tenant, "msg", "step", "run"));

        Assert.True(await _store.UpdateAsync(tenant, run, cancelling.Json, Ct));
        Assert.True(await _store.UpdateAllAsync(tenant, ending, Ct));
        Assert.Equal(ending.Select(u => u.Row), await GetAllAsync(tenant, "msg", "step", "run"));
    }

    [Fact]
    public async Task Concurrent_writes_that_fail_or_are_refused_leave_the_others_written()
    {
        // Writes landing together may share a commit (SQLite commits them in groups): each must still succeed or fail alone.
        var tenant = NewTenant();
        await _store.InsertAsync(tenant, [NewRow("taken")], Ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            switch (i % 3)
            {
                case 0:
                    await _store.InsertAsync(tenant, [NewRow($"new{i}"), NewRow($"also{i}")], Ct);
                    return "inserted";
                case 1:
                    try
                    {
                        await _store.InsertAsync(tenant, [NewRow($"lost{i}"), NewRow("taken")], Ct);
                        return "inserted a duplicate";
                    }
                    catch (RowConflictException)
                    {
                        return "conflict";
                    }

                default:
                    return await _store.UpdateAllAsync(tenant, [new(NewRow("taken") with { Tag = "x" }), new(NewRow($"none{i}"))], Ct) ? "updated a missing row" : "refused";
            }
        }, Ct)).ToArray();
        gate.SetResult();
        var outcomes = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (i % 3) switch { 0 => "inserted", 1 => "conflict", _ => "refused" }), outcomes);
        var stored = Ids(await List(tenant, Query(limit: 1000)));
        var expected = Enumerable.Range(0, 60).Where(i => i % 3 == 0).SelectMany(i => (string[])[$"new{i}", $"also{i}"]).Append("taken");
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Null((await _store.GetAsync(tenant, _collection, "taken", Ct))!.Tag);
    }

    [Fact]
    public async Task Exactly_one_of_twenty_concurrent_compare_and_sets_from_the_same_json_wins()
    {
        var tenant = NewTenant();
        for (var round = 0; round < 5; round++)
        {
            var row = NewRow($"run{round}", tag: "queued");
            await _store.InsertAsync(tenant, [row], Ct);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            {
                await gate.Task;
                return await _store.UpdateAsync(tenant, row with { Tag = $"in_progress_{i}", Json = $"{{\"winner\":{i}}}" }, row.Json, Ct);
            }, Ct)).ToArray();
            gate.SetResult();
            var won = await Task.WhenAll(attempts);

            var winner = Assert.Single(Enumerable.Range(0, 20), i => won[i]);
            var stored = await _store.GetAsync(tenant, _collection, row.Id, Ct);
            Assert.Equal(($"in_progress_{winner}", $"{{\"winner\":{winner}}}"), (stored!.Tag, stored.Json));
        }
    }

    [Fact]
    public async Task Deleting_a_scope_row_deletes_every_row_in_its_scope_for_that_tenant_only()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var (threads, messages, runs, steps) = (_collection + "_t", _collection + "_m", _collection + "_r", _collection + "_s");
        await _store.InsertAsync(tenant,
        [
            NewRow("thread") with { Collection = threads },
            NewRow("thread_2") with { Collection = threads },
            NewRow("msg", parent: "thread", scope: "thread") with { Collection = messages },
            NewRow("run", parent: "thread", scope: "thread") with { Collection = runs },
            NewRow("step", parent: "run", scope: "thread") with { Collection = steps },
            NewRow("msg_2", parent: "thread_2", scope: "thread_2") with { Collection = messages },
        ], Ct);
        await _store.InsertAsync(other, [NewRow("foreign_msg", scope: "thread") with { Collection = messages }], Ct);

        Assert.True(await _store.DeleteAsync(tenant, threads, "thread", Ct));

        Assert.Null(await _store.GetAsync(tenant, threads, "thread", Ct));
        Assert.Null(await _store.GetAsync(tenant, messages, "msg", Ct));
        Assert.Null(await _store.GetAsync(tenant, runs, "run", Ct));
        Assert.Null(await _store.GetAsync(tenant, steps, "step", Ct));
        Assert.NotNull(await _store.GetAsync(tenant, threads, "thread_2", Ct));
        Assert.NotNull(await _store.GetAsync(tenant, messages, "msg_2", Ct));
        Assert.NotNull(await _store.GetAsync(other, messages, "foreign_msg", Ct));
        Assert.False(await _store.DeleteAsync(tenant, threads, "thread", Ct));
    }

    [Fact]
    public async Task Deleting_a_row_inside_a_scope_deletes_only_that_row()
    {
        var tenant = NewTenant();
        await _store.InsertAsync(tenant, [NewRow("thread"), NewRow("msg", parent: "thread", scope: "thread"), NewRow("msg_2", parent: "thread", scope: "thread")], Ct);

        Assert.True(await _store.DeleteAsync(tenant, _collection, "msg", Ct));

        Assert.Equal(["msg_2"], Ids(await List(tenant, Query(parent: "thread"))));
        Assert.NotNull(await _store.GetAsync(tenant, _collection, "thread", Ct));
    }

    [Fact]
    public async Task FindByTag_returns_matching_rows_of_every_tenant_with_their_tenant()
    {
        var (a, b) = (NewTenant(), NewTenant());
        var aQueued = NewRow("a_queued", createdAt: 1, tag: "queued");
        var bActive = NewRow("b_active", createdAt: 2, tag: "in_progress");
        await _store.InsertAsync(a, [aQueued, NewRow("a_done", tag: "completed"), NewRow("a_none")], Ct);
        await _store.InsertAsync(b, [bActive], Ct);
        await _store.InsertAsync(a, [NewRow("elsewhere", tag: "queued") with { Collection = _collection + "_other" }], Ct);

        var found = await _store.FindByTagAsync(_collection, ["queued", "in_progress"], Ct);

        Assert.Equal([(a, aQueued), (b, bActive)], found);
        Assert.Empty(await _store.FindByTagAsync(_collection, [], Ct));
    }

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_script_and_a_second_run_applies_none()
    {
        var database = await fixture.CreateEmptyDatabaseAsync(Ct);

        Assert.Equal(fixture.ScriptCount, fixture.Migrate(database));
        Assert.Equal(0, fixture.Migrate(database));
    }

    [Fact]
    public async Task Concurrent_migrators_on_an_empty_database_apply_each_script_once()
    {
        var database = await fixture.CreateEmptyDatabaseAsync(Ct);

        // A thread each (the migrator is synchronous), as four processes starting together would have.
        var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Factory.StartNew(() => fixture.Migrate(database), Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.Equal(fixture.ScriptCount, applied.Sum());
    }

    [Fact]
    public async Task Migrating_the_live_database_again_is_a_no_op_that_keeps_its_rows()
    {
        var tenant = NewTenant();
        var row = NewRow("kept");
        await _store.InsertAsync(tenant, [row], Ct);

        Assert.Equal(0, fixture.MigrateStore());
        Assert.Equal(row, await _store.GetAsync(tenant, _collection, "kept", Ct));
    }

    [Fact]
    public async Task Eight_concurrent_writers_of_fifty_rows_each_all_succeed()
    {
        var tenant = NewTenant();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var row = NewRow($"w{w}_{i}", createdAt: i, tag: "queued");
                await _store.InsertAsync(tenant, [row], Ct);
                if (i % 5 == 0)
                {
                    Assert.True(await _store.UpdateAsync(tenant, row with { Tag = "done" }, row.Json, Ct));
                }

                if (i % 10 == 0)
                {
                    await _store.ListAsync(tenant, _collection, Query(limit: 20), Ct);
                }
            }
        }, Ct));

        await Task.WhenAll(writers);

        var all = await List(tenant, Query(limit: 1000));
        Assert.Equal((400, 80), (all.Rows.Count, all.Rows.Count(r => r.Tag == "done")));
    }

    private async Task<List<Row?>> GetAllAsync(TenantId tenant, params string[] ids)
    {
        var rows = new List<Row?>();
        foreach (var id in ids)
        {
            rows.Add(await _store.GetAsync(tenant, _collection, id, Ct));
        }

        return rows;
    }

    private static TenantId NewTenant() => new("t_" + Guid.NewGuid().ToString("N"));

    private Row NewRow(string id, string? parent = null, string? scope = null, long createdAt = 1_700_000_000, string? tag = null) =>
        new(_collection, id, parent, scope, createdAt, tag, $$"""{"id":"{{id}}"}""");

    private static ListQuery Query(bool ascending = true, int limit = 100, string? after = null, string? before = null, string? parent = null, string? tag = null) =>
        new(parent, limit, ascending, after, before, tag);

    private Task<RowPage> List(TenantId tenant, ListQuery query) => _store.ListAsync(tenant, _collection, query, Ct);

    private static List<string> Ids(RowPage page) => [.. page.Rows.Select(r => r.Id)];

    private static void AssertPage(string label, IEnumerable<string> ids, bool hasMore, RowPage page) =>
        Assert.Equal($"{label}: [{string.Join(", ", ids)}] has_more={hasMore}", $"{label}: [{string.Join(", ", Ids(page))}] has_more={page.HasMore}");
}
