import type { Assistant, AssistantCreateParams, AssistantTool } from "openai/resources/beta/assistants";
import type { FunctionDefinition } from "openai/resources/shared";
import { api, listAll } from "./api";
import { errorText, h, replace } from "./dom";

/** The Assistants view: the tenant's assistants on the left, the one being edited on the right. */
export function assistantsView(): HTMLElement {
  const list = h("ul", { class: "list", "data-testid": "assistant-list" });
  const editor = h("div", { class: "panel" });
  const root = h("section", { class: "split" }, h("div", { class: "side" },
    h("button", { "data-testid": "new-assistant", onclick: () => edit(null) }, "New assistant"), list), editor);

  async function refresh(selected?: string) {
    try {
      const assistants = await listAll(api().beta.assistants.list({ limit: 100, order: "desc" }));
      replace(list, assistants.map((a) => h("li", { class: a.id === selected ? "selected" : "" },
        h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); edit(a); } }, a.name || a.id), h("small", null, a.model))));
    } catch (e) {
      replace(list, h("li", { class: "error" }, errorText(e)));
    }
  }

  async function edit(assistant: Assistant | null, notice = "") {
    replace(editor, "Loading…");
    const [models, files, stores] = await Promise.all([
      listAll(api().models.list()).catch(() => []),
      listAll(api().files.list({ purpose: "assistants" })).catch(() => []),
      listAll(api().vectorStores.list({ limit: 100 })).catch(() => []),
    ]);
    replace(editor, assistantForm(assistant, models.map((m) => m.id), files.map((f) => [f.id, f.filename]), stores.map((s) => [s.id, s.name || s.id]),
      notice, async (saved) => { await refresh(saved?.id); if (saved) await edit(saved, `Saved ${saved.id}`); else replace(editor); }));
    refresh(assistant?.id);
  }

  refresh();
  return root;
}

type Choice = [id: string, label: string];

function assistantForm(a: Assistant | null, models: string[], files: Choice[], stores: Choice[], notice: string, done: (saved: Assistant | null) => Promise<void>): HTMLElement {
  const tools = a?.tools ?? [];
  const name = h("input", { name: "name", value: a?.name ?? "" });
  const modelIds = a && !models.includes(a.model) ? [a.model, ...models] : models;
  const model = h("select", { name: "model" }, modelIds.map((m) => h("option", { value: m, selected: m === a?.model }, m)));
  const instructions = h("textarea", { name: "instructions", rows: 5, value: a?.instructions ?? "" });
  const temperature = h("input", { name: "temperature", type: "number", step: "0.1", min: "0", max: "2", value: a?.temperature ?? "" });
  const topP = h("input", { name: "top_p", type: "number", step: "0.05", min: "0", max: "1", value: a?.top_p ?? "" });
  const format = a?.response_format && typeof a.response_format === "object" ? a.response_format : null;
  const responseFormat = h("select", { name: "response_format" }, ["auto", "text", "json_object", "json_schema"].map((f) =>
    h("option", { value: f, selected: (format?.type ?? "auto") === f }, f)));
  const jsonSchema = h("textarea", { name: "json_schema", rows: 4, placeholder: '{"name":"answer","schema":{"type":"object"}}',
    value: format?.type === "json_schema" ? JSON.stringify(format.json_schema, null, 2) : "" });

  const codeInterpreter = h("input", { type: "checkbox", name: "code_interpreter", checked: tools.some((t) => t.type === "code_interpreter") });
  const codeFiles = multiSelect("code_interpreter_files", files, a?.tool_resources?.code_interpreter?.file_ids ?? []);
  const fileSearch = h("input", { type: "checkbox", name: "file_search", checked: tools.some((t) => t.type === "file_search") });
  const vectorStores = multiSelect("vector_stores", stores, a?.tool_resources?.file_search?.vector_store_ids ?? []);

  const functions = h("div", { class: "functions" });
  const addFunction = (definition?: FunctionDefinition) => functions.append(functionEditor(definition));
  for (const t of tools) if (t.type === "function") addFunction(t.function);

  const status = h("p", { class: "status", "data-testid": "assistant-status" }, notice);
  const form = h("form", { class: "form", "data-testid": "assistant-form", onsubmit: async (e: Event) => {
    e.preventDefault();
    status.className = "status";
    try {
      const body = collect();
      const saved = a ? await api().beta.assistants.update(a.id, body) : await api().beta.assistants.create(body);
      await done(saved);
    } catch (err) {
      status.className = "status error";
      status.textContent = errorText(err);
    }
  } },
    h("h2", null, a ? `Edit ${a.id}` : "New assistant"),
    label("Name", name), label("Model", model), label("Instructions", instructions),
    h("div", { class: "row" }, label("Temperature", temperature), label("top_p", topP)),
    label("Response format", responseFormat), label("JSON schema (for json_schema)", jsonSchema),
    h("fieldset", null, h("legend", null, "Tools"),
      h("label", { class: "check" }, codeInterpreter, "Code interpreter"), label("Files for code interpreter", codeFiles),
      h("label", { class: "check" }, fileSearch, "File search"), label("Vector stores for file search", vectorStores),
      h("div", null, "Functions", functions, h("button", { type: "button", "data-testid": "add-function", onclick: () => addFunction() }, "Add function"))),
    h("div", { class: "row" }, h("button", { type: "submit", "data-testid": "save-assistant" }, "Save"),
      a && h("button", { type: "button", class: "danger", "data-testid": "delete-assistant", onclick: async () => {
        try { await api().beta.assistants.delete(a.id); await done(null); } catch (err) { status.textContent = errorText(err); }
      } }, "Delete")),
    status);

  function collect(): AssistantCreateParams {
    const toolList: AssistantTool[] = [];
    if (codeInterpreter.checked) toolList.push({ type: "code_interpreter" });
    if (fileSearch.checked) toolList.push({ type: "file_search" });
    for (const editor of functions.querySelectorAll<HTMLElement>(".function")) toolList.push({ type: "function", function: readFunction(editor) });
    const body: AssistantCreateParams = {
      model: model.value, name: name.value || null, instructions: instructions.value || null, tools: toolList,
      temperature: temperature.value === "" ? null : Number(temperature.value),
      top_p: topP.value === "" ? null : Number(topP.value),
      tool_resources: {
        code_interpreter: { file_ids: selected(codeFiles) },
        file_search: { vector_store_ids: selected(vectorStores) },
      },
    };
    const f = responseFormat.value;
    if (f === "auto") body.response_format = "auto";
    else if (f === "json_schema") body.response_format = { type: "json_schema", json_schema: parseJson(jsonSchema.value, "JSON schema") as any };
    else body.response_format = { type: f as "text" | "json_object" };
    return body;
  }

  return form;
}

function functionEditor(definition?: FunctionDefinition): HTMLElement {
  const text = h("textarea", { class: "schema", rows: 8, "data-testid": "function-json", value: JSON.stringify(definition ?? {
    name: "get_weather", description: "", parameters: { type: "object", properties: {}, required: [] },
  }, null, 2) });
  const problem = h("p", { class: "error" });
  const check = () => { try { readFunction(editor); problem.textContent = ""; } catch (e) { problem.textContent = errorText(e); } };
  text.addEventListener("input", check);
  const editor = h("div", { class: "function" }, text, problem, h("button", { type: "button", onclick: () => editor.remove() }, "Remove"));
  return editor;
}

/** Reads one function editor, checking what OpenAI checks before anything is sent: a valid name and an object schema. */
export function readFunction(editor: HTMLElement): FunctionDefinition {
  const f = parseJson(editor.querySelector("textarea")!.value, "Function") as FunctionDefinition;
  if (typeof f !== "object" || f === null || Array.isArray(f)) throw new Error("Function: expected a JSON object");
  if (typeof f.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(f.name)) throw new Error("Function: name must be 1-64 letters, digits, _ or -");
  const p = f.parameters as Record<string, unknown> | undefined;
  if (p !== undefined) {
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new Error(`Function ${f.name}: parameters must be a JSON schema object`);
    if (p.type !== "object") throw new Error(`Function ${f.name}: parameters.type must be "object"`);
    const props = p.properties ?? {};
    if (typeof props !== "object" || props === null || Array.isArray(props)) throw new Error(`Function ${f.name}: properties must be an object`);
    for (const [key, schema] of Object.entries(props)) {
      if (typeof schema !== "object" || schema === null) throw new Error(`Function ${f.name}: property ${key} must be a schema object`);
    }
    if (p.required !== undefined) {
      if (!Array.isArray(p.required) || p.required.some((r) => typeof r !== "string" || !(r in props)))
        throw new Error(`Function ${f.name}: required must list names from properties`);
    }
  }
  return f;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: invalid JSON (${(e as Error).message})`);
  }
}

function label(text: string, control: HTMLElement): HTMLElement {
  return h("label", null, h("span", null, text), control);
}

function multiSelect(name: string, choices: Choice[], chosen: string[]): HTMLSelectElement {
  return h("select", { name, multiple: true, size: Math.min(5, Math.max(2, choices.length)) },
    choices.map(([id, text]) => h("option", { value: id, selected: chosen.includes(id) }, `${text} (${id})`)));
}

function selected(select: HTMLSelectElement): string[] {
  return [...select.selectedOptions].map((o) => o.value);
}
