// A tiny element builder: the whole "framework" of the playground.
type Child = Node | string | number | null | undefined | false | Child[];
type Props = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value as EventListener);
    else if (key === "class") el.className = String(value);
    else if (key === "value" || key === "checked" || key === "selected" || key === "disabled") (el as any)[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function errorText(e: unknown): string {
  if (e && typeof e === "object" && "error" in e && (e as any).error?.message) return (e as any).error.message;
  return e instanceof Error ? e.message : String(e);
}

/** A drop zone that also opens a file picker on click; calls onFiles with what was dropped or picked. */
export function dropZone(label: string, testId: string, onFiles: (files: File[]) => void): HTMLElement {
  const input = h("input", { type: "file", multiple: true, hidden: true, "data-testid": testId + "-input",
    onchange: () => { onFiles([...(input.files ?? [])]); input.value = ""; } });
  const zone = h("div", { class: "drop", "data-testid": testId, tabindex: 0,
    onclick: () => input.click(),
    ondragover: (e: DragEvent) => { e.preventDefault(); zone.classList.add("over"); },
    ondragleave: () => zone.classList.remove("over"),
    ondrop: (e: DragEvent) => { e.preventDefault(); zone.classList.remove("over"); onFiles([...(e.dataTransfer?.files ?? [])]); },
  }, label, input);
  return zone;
}
