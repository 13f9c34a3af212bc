import type { Assistant, AssistantStreamEvent } from "openai/resources/beta/assistants";
import type { Message } from "openai/resources/beta/threads/messages";
import type { Run } from "openai/resources/beta/threads/runs/runs";
import type { RunStep, ToolCall } from "openai/resources/beta/threads/runs/steps";
import { api, apiKey, download, fileName, fileUrl, listAll } from "./api";
import { errorText, h, replace } from "./dom";
import { annotatedText, FILE_LINK, renderMarkdown } from "./markdown";
import { apply, emptyState, TERMINAL, type ThreadState, upsertMessage } from "./state";

const RESULTS = "step_details.tool_calls[*].file_search.results[*].content" as const;

// A thread list is not in OpenAI's API: the ids of threads made or opened here are kept in this browser, per key.
function recentKey(): string {
  return `spindle.threads:${apiKey()}`;
}

function recentThreads(): string[] {
  return JSON.parse(localStorage.getItem(recentKey()) ?? "[]");
}

function remember(threadId: string): void {
  localStorage.setItem(recentKey(), JSON.stringify([threadId, ...recentThreads().filter((t) => t !== threadId)].slice(0, 50)));
}

/** The Chat view: recent threads, one live thread, a composer that asks one or several assistants in turn. */
export function chatView(): HTMLElement {
  const recent = h("ul", { class: "list", "data-testid": "thread-list" });
  const openId = h("input", { placeholder: "thread_…", "data-testid": "open-thread-id" });
  const main = h("div", { class: "chat" });
  const root = h("section", { class: "split" }, h("div", { class: "side" },
    h("button", { "data-testid": "new-thread", onclick: async () => open((await api().beta.threads.create()).id) }, "New thread"),
    h("form", { class: "row", onsubmit: (e: Event) => { e.preventDefault(); if (openId.value.trim()) open(openId.value.trim()); } },
      openId, h("button", { type: "submit" }, "Open")),
    recent), main);

  const showRecent = (current?: string) => replace(recent, recentThreads().map((id) => h("li", { class: id === current ? "selected" : "" },
    h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); open(id); } }, id))));

  async function open(threadId: string) {
    try {
      await api().beta.threads.retrieve(threadId);
    } catch (e) {
      replace(main, h("p", { class: "error" }, errorText(e)));
      return;
    }
    remember(threadId);
    showRecent(threadId);
    replace(main, await threadView(threadId));
  }

  showRecent();
  const last = recentThreads()[0];
  if (last) open(last);
  else replace(main, h("p", null, "Create a thread to start chatting."));
  return root;
}

async function threadView(threadId: string): Promise<HTMLElement> {
  const state = emptyState(threadId);
  // Oldest first: the picked assistants answer in the order they are listed.
  const assistants = await listAll(api().beta.assistants.list({ limit: 100, order: "asc" })).catch(() => [] as Assistant[]);
  const names = new Map(assistants.map((a) => [a.id, a.name || a.id]));
  for (const m of await listAll(api().beta.threads.messages.list(threadId, { order: "asc", limit: 100 }))) upsertMessage(state, m);
  for (const run of (await listAll(api().beta.threads.runs.list(threadId, { limit: 20 }), 20)).reverse()) {
    state.runs.set(run.id, run);
    await loadSteps(state, run.id);
  }

  const messages = h("div", { class: "messages", "data-testid": "messages" });
  const runs = h("div", { class: "runs", "data-testid": "runs" });
  const forms = new Map<string, HTMLElement>();
  const waiters: (() => void)[] = [];
  let scheduled = false;

  const render = () => {
    scheduled = false;
    replace(messages, state.messages.map((m) => messageView(m, names)));
    replace(runs, state.errors.map((e) => h("p", { class: "error" }, e)),
      [...state.runs.values()].reverse().map((run) => runView(run, state, names, forms, submitOutputs)));
    cancel.disabled = !active();
  };
  const changed = () => {
    if (!scheduled) { scheduled = true; requestAnimationFrame(render); }
    waiters.splice(0).forEach((w) => w());
  };
  const until = async (done: () => boolean) => { while (!done()) await new Promise<void>((r) => waiters.push(r)); };
  const active = () => [...state.runs.values()].find((r) => !TERMINAL.has(r.status));

  async function consume(stream: AsyncIterable<AssistantStreamEvent>) {
    try {
      for await (const event of stream) {
        apply(state, event);
        changed();
      }
    } catch (e) {
      state.errors.push(errorText(e));
      changed();
    }
  }

  async function runInTurn(assistantIds: string[]) {
    for (const assistant_id of assistantIds) {
      const sent = performance.now();
      let runId: string | undefined;
      await consume((async function* () {
        for await (const event of await api().beta.threads.runs.create(threadId, { assistant_id, stream: true })) {
          if (!runId && event.event === "thread.run.created") { runId = event.data.id; state.timings.set(runId, { sent }); }
          yield event;
        }
      })());
      if (!runId) return;
      await until(() => TERMINAL.has(state.runs.get(runId!)!.status));
      await loadSteps(state, runId);
      changed();
      if (state.runs.get(runId)!.status !== "completed") return;
    }
  }

  async function submitOutputs(run: Run, outputs: { tool_call_id: string; output: string }[]) {
    forms.delete(run.id);
    await consume(await api().beta.threads.runs.submitToolOutputs(run.id, { thread_id: threadId, tool_outputs: outputs, stream: true }));
  }

  const text = h("textarea", { rows: 3, placeholder: "Message", "data-testid": "composer" });
  const attach = h("input", { type: "file", multiple: true, "data-testid": "attach" });
  const picks = h("div", { class: "picks", "data-testid": "assistant-picks" }, assistants.map((a, i) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", value: a.id, checked: i === 0 }), a.name || a.id)));
  const status = h("p", { class: "status error", "data-testid": "chat-status" });
  const cancel = h("button", { type: "button", class: "danger", "data-testid": "cancel-run", disabled: true, onclick: async () => {
    const run = active();
    if (!run) return;
    try {
      // A run paused on requires_action has no open stream to report the end: poll until it is terminal.
      let current = await api().beta.threads.runs.cancel(run.id, { thread_id: threadId });
      while (!TERMINAL.has(current.status)) {
        if (!TERMINAL.has(state.runs.get(run.id)!.status)) { state.runs.set(run.id, current); changed(); }
        await new Promise((r) => setTimeout(r, 300));
        current = await api().beta.threads.runs.retrieve(run.id, { thread_id: threadId });
      }
      state.runs.set(run.id, current);
      changed();
    } catch (e) {
      status.textContent = errorText(e);
    }
  } }, "Cancel run");
  const composer = h("form", { class: "composer", onsubmit: async (e: Event) => {
    e.preventDefault();
    status.textContent = "";
    const chosen = [...picks.querySelectorAll<HTMLInputElement>("input:checked")].map((c) => c.value);
    if (!text.value.trim() || !chosen.length || active()) { status.textContent = active() ? "A run is still active on this thread." : "Write a message and pick at least one assistant."; return; }
    try {
      const attachments = [];
      for (const file of attach.files ?? []) {
        const uploaded = await api().files.create({ file, purpose: "assistants" });
        attachments.push({ file_id: uploaded.id, tools: [{ type: "code_interpreter" as const }, { type: "file_search" as const }] });
      }
      const message = await api().beta.threads.messages.create(threadId, { role: "user", content: text.value, attachments });
      text.value = "";
      attach.value = "";
      upsertMessage(state, message);
      changed();
      await runInTurn(chosen);
    } catch (err) {
      status.textContent = errorText(err);
    }
  } }, text, h("div", { class: "row" }, h("span", null, "Answer in turn:"), picks),
    h("div", { class: "row" }, attach, h("button", { type: "submit", "data-testid": "send" }, "Send"), cancel), status);

  const view = h("div", { class: "thread", "data-thread-id": threadId,
    onclick: (e: Event) => {
      const link = (e.target as Element).closest?.(`a[href^="${FILE_LINK}"]`);
      if (link) { e.preventDefault(); download(link.getAttribute("href")!.slice(FILE_LINK.length)); }
    } },
    h("h2", null, "Thread ", h("code", { "data-testid": "thread-id" }, threadId)),
    h("div", { class: "columns" }, h("div", null, messages, composer), h("aside", null, h("h3", null, "Runs"), runs)));
  render();
  return view;
}

async function loadSteps(state: ThreadState, runId: string) {
  try {
    for (const step of await listAll(api().beta.threads.runs.steps.list(runId, { thread_id: state.threadId, order: "asc", limit: 100, include: [RESULTS] })))
      state.steps.set(step.id, step);
  } catch {
    // Steps are a detail; the run's own status and last_error are still shown.
  }
}

function messageView(m: Message, names: Map<string, string>): HTMLElement {
  const who = m.role === "user" ? "You" : names.get(m.assistant_id ?? "") ?? m.assistant_id ?? "assistant";
  return h("article", { class: `message ${m.role}`, "data-message-id": m.id, "data-status": m.status },
    h("header", null, who, m.status === "in_progress" ? " …" : ""),
    m.content.map((c) => {
      if (c.type === "text") return html("div", renderMarkdown(annotatedText(c.text)), "markdown");
      if (c.type === "image_file") return image(c.image_file.file_id);
      return null;
    }),
    (m.attachments ?? []).map((a) => a.file_id && fileChip(a.file_id)));
}

function runView(run: Run, state: ThreadState, names: Map<string, string>, forms: Map<string, HTMLElement>,
  submit: (run: Run, outputs: { tool_call_id: string; output: string }[]) => Promise<void>): HTMLElement {
  const steps = [...state.steps.values()].filter((s) => s.run_id === run.id).sort((a, b) => a.created_at - b.created_at);
  const timing = state.timings.get(run.id);
  const facts = [
    run.usage && `tokens ${run.usage.prompt_tokens} in / ${run.usage.completion_tokens} out / ${run.usage.total_tokens} total`,
    run.started_at && `queued ${run.started_at - run.created_at} s`,
    run.started_at && (run.completed_at ?? run.failed_at ?? run.cancelled_at) && `ran ${(run.completed_at ?? run.failed_at ?? run.cancelled_at)! - run.started_at} s`,
    timing?.firstToken !== undefined && `first token ${Math.round(timing.firstToken - timing.sent)} ms`,
  ].filter(Boolean);
  return h("details", { class: `run ${run.status}`, open: true, "data-run-id": run.id, "data-status": run.status },
    h("summary", null, h("b", null, names.get(run.assistant_id) ?? run.assistant_id), " ", h("span", { class: "badge", "data-testid": "run-status" }, run.status), " ", h("code", null, run.id)),
    facts.length > 0 && h("p", { class: "facts", "data-testid": "run-facts" }, facts.join(" · ")),
    run.last_error && h("p", { class: "error", "data-testid": "run-error" }, `${run.last_error.code}: ${run.last_error.message}`),
    run.incomplete_details && h("p", { class: "error" }, `incomplete: ${run.incomplete_details.reason}`),
    run.status === "requires_action" && run.required_action && outputsForm(run, forms, submit),
    steps.map(stepView));
}

function outputsForm(run: Run, forms: Map<string, HTMLElement>, submit: (run: Run, outputs: { tool_call_id: string; output: string }[]) => Promise<void>): HTMLElement {
  // Kept across renders, so what the user types survives the next event.
  let form = forms.get(run.id);
  if (form) return form;
  const calls = run.required_action!.submit_tool_outputs.tool_calls;
  const fields = calls.map((c) => h("textarea", { rows: 2, name: c.id, "data-testid": `output-${c.id}` }));
  form = h("form", { class: "outputs", "data-testid": "tool-outputs", onsubmit: async (e: Event) => {
    e.preventDefault();
    (form!.querySelector("button") as HTMLButtonElement).disabled = true;
    await submit(run, calls.map((c, i) => ({ tool_call_id: c.id, output: fields[i].value })));
  } }, h("h4", null, "The run needs function outputs"),
    calls.map((c, i) => h("label", null, h("span", null, h("code", null, c.function.name), " ", h("code", null, c.function.arguments)), fields[i])),
    h("button", { type: "submit", "data-testid": "submit-outputs" }, "Submit outputs"));
  forms.set(run.id, form);
  return form;
}

function stepView(step: RunStep): HTMLElement {
  const d = step.step_details;
  return h("div", { class: `step ${step.status}`, "data-step-id": step.id },
    h("div", { class: "step-head" }, d.type === "message_creation" ? "message" : "tool calls", " · ", step.status,
      step.usage ? ` · ${step.usage.total_tokens} tokens` : ""),
    step.last_error && h("p", { class: "error" }, `${step.last_error.code}: ${step.last_error.message}`),
    d.type === "tool_calls" && d.tool_calls.filter(Boolean).map(toolCallView));
}

function toolCallView(call: ToolCall): HTMLElement {
  if (call.type === "code_interpreter") {
    return h("div", { class: "tool code", "data-testid": "code-call" }, h("b", null, "code_interpreter"),
      h("pre", { class: "code-input" }, call.code_interpreter.input),
      call.code_interpreter.outputs.map((o) => o.type === "logs"
        ? h("pre", { class: "logs", "data-testid": "code-logs" }, o.logs)
        : image(o.image.file_id)));
  }
  if (call.type === "file_search") {
    return h("div", { class: "tool search", "data-testid": "search-call" }, h("b", null, "file_search"),
      (call.file_search.results ?? []).map((r) => h("div", { class: "result" },
        h("a", { href: FILE_LINK + r.file_id, class: "file-link" }, r.file_name), ` score ${r.score.toFixed(3)}`,
        r.content?.map((c) => h("blockquote", null, c.text)))));
  }
  return h("div", { class: "tool function", "data-testid": "function-call" }, h("b", null, call.function.name),
    h("pre", null, call.function.arguments), call.function.output != null && h("pre", { class: "logs" }, call.function.output));
}

const resolved = new Map<string, string>();

function image(fileId: string): HTMLImageElement {
  const img = h("img", { class: "inline-image", alt: fileId, "data-file-id": fileId });
  const known = resolved.get(fileId);
  if (known) img.src = known;
  else fileUrl(fileId).then((url) => { resolved.set(fileId, url); img.src = url; }, () => { img.alt = `${fileId} (not available)`; });
  return img;
}

function fileChip(fileId: string): HTMLElement {
  const link = h("a", { href: FILE_LINK + fileId, class: "chip" }, fileId);
  fileName(fileId).then((name) => { link.textContent = name; });
  return link;
}

function html(tag: "div", markup: string, className: string): HTMLElement {
  const el = h(tag, { class: className });
  el.innerHTML = markup; // sanitized by renderMarkdown
  for (const a of el.querySelectorAll<HTMLAnchorElement>(`a[href^="${FILE_LINK}"]`)) {
    const id = a.getAttribute("href")!.slice(FILE_LINK.length);
    a.dataset.fileId = id;
    a.classList.add("file-link");
    fileName(id).then((name) => { a.title = name; });
  }
  return el;
}
