import DOMPurify from "dompurify";
import { marked } from "marked";
import type { Message, Text } from "openai/resources/beta/threads/messages";

// Links to Spindle files (citations, sandbox downloads) carry this scheme; a click handler fetches them with the key.
export const FILE_LINK = "#spindle-file:";

/** Markdown to HTML with DOMPurify over the result: no script from a model or a file ever runs. */
export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(marked.parse(source, { async: false, gfm: true, breaks: true }) as string);
}

/** A text part's markdown with each annotation turned into a link to its file (citations numbered in order). */
export function annotatedText(text: Text): string {
  let value = text.value;
  let n = 0;
  for (const a of [...text.annotations].sort((x, y) => y.start_index - x.start_index)) {
    if (!a.text) continue;
    let replacement: string;
    if (a.type === "file_citation") replacement = `[[${text.annotations.filter((b) => b.type === "file_citation").length - n++}]](${FILE_LINK}${a.file_citation.file_id})`;
    else replacement = `${FILE_LINK}${a.file_path.file_id}`;
    const at = value.lastIndexOf(a.text, a.end_index);
    if (at >= 0) value = value.slice(0, at) + replacement + value.slice(at + a.text.length);
  }
  return value;
}

export function messageText(message: Message): string {
  return message.content.map((c) => (c.type === "text" ? c.text.value : "")).join("\n");
}
