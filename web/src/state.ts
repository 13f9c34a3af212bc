import type { AssistantStreamEvent } from "openai/resources/beta/assistants";
import type { Message, MessageContent, MessageContentDelta } from "openai/resources/beta/threads/messages";
import type { Run } from "openai/resources/beta/threads/runs/runs";
import type { RunStep, ToolCall, ToolCallDelta } from "openai/resources/beta/threads/runs/steps";

/**
 * Everything the page shows of one thread, as seed 002 keeps it: one state that every streamed event updates.
 * Messages in thread order, runs and their steps by id; a delta is merged into the object it belongs to.
 */
export interface ThreadState {
  threadId: string;
  messages: Message[];
  runs: Map<string, Run>;
  steps: Map<string, RunStep>;
  /** Client-side timings per run: when the request left, and when its first token arrived. */
  timings: Map<string, { sent: number; firstToken?: number }>;
  errors: string[];
}

export const TERMINAL = new Set(["completed", "failed", "cancelled", "expired", "incomplete"]);

export function emptyState(threadId: string): ThreadState {
  return { threadId, messages: [], runs: new Map(), steps: new Map(), timings: new Map(), errors: [] };
}

export function apply(state: ThreadState, event: AssistantStreamEvent, now = performance.now()): void {
  switch (event.event) {
    case "thread.message.created":
    case "thread.message.in_progress":
    case "thread.message.completed":
    case "thread.message.incomplete":
      upsertMessage(state, event.data);
      break;
    case "thread.message.delta": {
      const message = state.messages.find((m) => m.id === event.data.id);
      if (!message) break;
      for (const part of event.data.delta.content ?? []) mergeContent(message.content, part);
      const runId = message.run_id;
      const timing = runId ? state.timings.get(runId) : undefined;
      if (timing && timing.firstToken === undefined) timing.firstToken = now;
      break;
    }
    case "thread.run.step.delta": {
      const step = state.steps.get(event.data.id);
      const calls = event.data.delta.step_details?.type === "tool_calls" ? event.data.delta.step_details.tool_calls : undefined;
      if (step?.step_details.type === "tool_calls" && calls) {
        for (const call of calls) mergeToolCall(step.step_details.tool_calls, call);
      }
      break;
    }
    case "error":
      state.errors.push(event.data.message ?? "stream error");
      break;
    default:
      if (event.event.startsWith("thread.run.step.")) state.steps.set((event.data as RunStep).id, structuredClone(event.data as RunStep));
      else if (event.event.startsWith("thread.run.")) state.runs.set((event.data as Run).id, event.data as Run);
  }
}

export function upsertMessage(state: ThreadState, message: Message): void {
  const copy = structuredClone(message);
  const at = state.messages.findIndex((m) => m.id === message.id);
  if (at >= 0) state.messages[at] = copy;
  else state.messages.push(copy);
}

function mergeContent(content: MessageContent[], delta: MessageContentDelta): void {
  const current = content[delta.index];
  if (delta.type === "text") {
    if (current?.type === "text") {
      current.text.value += delta.text?.value ?? "";
      current.text.annotations.push(...((delta.text?.annotations ?? []) as any[]));
    } else {
      content[delta.index] = { type: "text", text: { value: delta.text?.value ?? "", annotations: (delta.text?.annotations ?? []) as any[] } };
    }
  } else if (delta.type === "image_file" && delta.image_file?.file_id) {
    content[delta.index] = { type: "image_file", image_file: { file_id: delta.image_file.file_id } };
  }
}

function mergeToolCall(calls: ToolCall[], delta: ToolCallDelta): void {
  const current = calls[delta.index] as any;
  if (!current) {
    calls[delta.index] = structuredClone(delta) as unknown as ToolCall;
    const call = calls[delta.index] as any;
    if (call.type === "code_interpreter") call.code_interpreter = { input: call.code_interpreter?.input ?? "", outputs: call.code_interpreter?.outputs ?? [] };
    if (call.type === "function") call.function = { name: call.function?.name ?? "", arguments: call.function?.arguments ?? "", output: null };
    return;
  }
  if (delta.type === "code_interpreter" && delta.code_interpreter) {
    current.code_interpreter.input += delta.code_interpreter.input ?? "";
    current.code_interpreter.outputs.push(...(delta.code_interpreter.outputs ?? []));
  } else if (delta.type === "function" && delta.function) {
    current.function.arguments += delta.function.arguments ?? "";
    if (delta.function.output) current.function.output = delta.function.output;
  } else if (delta.type === "file_search") {
    current.file_search = { ...current.file_search, ...(delta.file_search as object) };
  }
}
