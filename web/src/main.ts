import { apiKey, setApiKey } from "./api";
import { assistantsView } from "./assistants";
import { chatView } from "./chat";
import { h, replace } from "./dom";
import { filesView } from "./files";
import "./style.css";

const views: Record<string, [label: string, make: () => HTMLElement]> = {
  chat: ["Chat", chatView],
  assistants: ["Assistants", assistantsView],
  files: ["Files & vector stores", filesView],
};

const key = h("input", { type: "password", placeholder: "API key", value: apiKey(), "data-testid": "api-key", autocomplete: "off" });
const nav = h("nav");
const main = h("main");

function show() {
  const name = location.hash.slice(1) in views ? location.hash.slice(1) : "chat";
  replace(nav, Object.entries(views).map(([id, [label]]) => h("a", { href: `#${id}`, class: id === name ? "active" : "", "data-testid": `tab-${id}` }, label)));
  replace(main, apiKey() ? views[name][1]() : h("p", { class: "hint" }, "Enter an API key above (in development mode any key works). It stays in this browser."));
}

document.getElementById("app")!.append(
  h("header", null, h("h1", null, "Spindle"), nav,
    h("form", { class: "key", onsubmit: (e: Event) => { e.preventDefault(); setApiKey(key.value.trim()); show(); } },
      key, h("button", { type: "submit", "data-testid": "save-key" }, "Use key"))),
  main);
window.addEventListener("hashchange", show);
show();
