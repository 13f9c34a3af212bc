import type { VectorStore } from "openai/resources/vector-stores/vector-stores";
import { api, download, listAll } from "./api";
import { dropZone, errorText, h, replace } from "./dom";

/** Files and vector stores: drag-and-drop upload, ingestion progress per file, delete. */
export function filesView(): HTMLElement {
  const status = h("p", { class: "status", "data-testid": "files-status" });
  const files = h("tbody", { "data-testid": "file-rows" });
  const stores = h("ul", { class: "list", "data-testid": "store-list" });
  const store = h("div", { class: "panel", "data-testid": "store-panel" });
  const storeName = h("input", { placeholder: "Vector store name", "data-testid": "store-name" });
  let openStore: string | null = null;
  let timer: number | undefined;

  const root = h("section", { class: "stack" },
    h("h2", null, "Files"),
    dropZone("Drop files here to upload them (purpose: assistants), or click to pick", "file-drop", (picked) => upload(picked)),
    status,
    h("table", null, h("thead", null, h("tr", null, ["File", "Id", "Bytes", "Created", ""].map((c) => h("th", null, c)))), files),
    h("h2", null, "Vector stores"),
    h("div", { class: "split" }, h("div", { class: "side" },
      h("form", { class: "row", onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const created = await api().vectorStores.create({ name: storeName.value || undefined });
          storeName.value = "";
          openStore = created.id;
          await refresh();
        } catch (err) { status.textContent = errorText(err); }
      } }, storeName, h("button", { type: "submit", "data-testid": "create-store" }, "Create")),
      stores), store));

  async function upload(picked: File[], toStore?: string) {
    for (const file of picked) {
      status.textContent = `Uploading ${file.name}…`;
      try {
        const uploaded = await api().files.create({ file, purpose: "assistants" });
        if (toStore) await api().vectorStores.files.create(toStore, { file_id: uploaded.id });
        status.textContent = `Uploaded ${file.name} as ${uploaded.id}`;
      } catch (e) {
        status.textContent = `${file.name}: ${errorText(e)}`;
      }
    }
    await refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    if (!root.isConnected && timer !== undefined) return;
    try {
      const [fileList, storeList] = await Promise.all([
        listAll(api().files.list({ limit: 1000 })),
        listAll(api().vectorStores.list({ limit: 100 })),
      ]);
      replace(files, fileList.map((f) => h("tr", { "data-file-id": f.id },
        h("td", null, h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); download(f.id); } }, f.filename)),
        h("td", null, h("code", null, f.id)), h("td", null, f.bytes), h("td", null, new Date(f.created_at * 1000).toLocaleString()),
        h("td", null, h("button", { class: "danger", onclick: async () => { await api().files.delete(f.id).catch((e) => { status.textContent = errorText(e); }); await refresh(); } }, "Delete")))));
      replace(stores, storeList.map((s) => h("li", { class: s.id === openStore ? "selected" : "" },
        h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); openStore = s.id; refresh(); } }, s.name || s.id),
        h("small", { "data-testid": "store-status" }, `${s.status} · ${counts(s)}`))));
      const open = storeList.find((s) => s.id === openStore);
      const busy = await (open ? showStore(open, fileList.map((f) => [f.id, f.filename])) : (replace(store), false));
      if (busy || storeList.some((s) => s.status === "in_progress")) timer = window.setTimeout(refresh, 500);
    } catch (e) {
      status.textContent = errorText(e);
    }
  }

  async function showStore(s: VectorStore, names: [string, string][]): Promise<boolean> {
    const entries = await listAll(api().vectorStores.files.list(s.id, { limit: 100 }));
    const nameOf = new Map(names);
    replace(store,
      h("h3", null, s.name || s.id, " ", h("code", null, s.id)),
      h("p", { "data-testid": "store-counts" }, `status ${s.status} · ${counts(s)} · ${s.usage_bytes} bytes`),
      dropZone("Drop files here to add them to this store", "store-drop", (picked) => upload(picked, s.id)),
      h("table", null, h("thead", null, h("tr", null, ["File", "Status", "Last error", ""].map((c) => h("th", null, c)))),
        h("tbody", { "data-testid": "store-file-rows" }, entries.map((f) => h("tr", { "data-file-id": f.id },
          h("td", null, nameOf.get(f.id) ?? f.id), h("td", { "data-testid": "ingestion-status" }, f.status),
          h("td", { class: "error" }, f.last_error ? `${f.last_error.code}: ${f.last_error.message}` : ""),
          h("td", null, h("button", { onclick: async () => { await api().vectorStores.files.delete(f.id, { vector_store_id: s.id }); await refresh(); } }, "Remove")))))),
      h("button", { class: "danger", onclick: async () => { await api().vectorStores.delete(s.id); openStore = null; await refresh(); } }, "Delete vector store"));
    return entries.some((f) => f.status === "in_progress");
  }

  refresh();
  return root;
}

function counts(s: VectorStore): string {
  const c = s.file_counts;
  return `${c.completed}/${c.total} ready` + (c.in_progress ? `, ${c.in_progress} in progress` : "") + (c.failed ? `, ${c.failed} failed` : "");
}
