import OpenAI from "openai";

// The playground is an app on Spindle's own /v1, through the official SDK, like any other client.
const KEY = "spindle.apiKey";

let client: OpenAI | null = null;

export function apiKey(): string {
  return localStorage.getItem(KEY) ?? "";
}

export function setApiKey(key: string): void {
  localStorage.setItem(KEY, key);
  client = null;
}

export function api(): OpenAI {
  client ??= new OpenAI({
    apiKey: apiKey() || "dev",
    baseURL: new URL("/v1", location.href).toString(),
    dangerouslyAllowBrowser: true, // the key is the user's own, typed into this page, sent only to this origin
    maxRetries: 0,
  });
  return client;
}

const blobs = new Map<string, Promise<string>>();

/** An object URL for a file's bytes: images and downloads need the key, which a plain href cannot send. */
export function fileUrl(fileId: string): Promise<string> {
  let url = blobs.get(fileId);
  if (!url) {
    url = api().files.content(fileId).then((r) => r.blob()).then((b) => URL.createObjectURL(b));
    url.catch(() => blobs.delete(fileId));
    blobs.set(fileId, url);
  }
  return url;
}

const names = new Map<string, Promise<string>>();

export function fileName(fileId: string): Promise<string> {
  let name = names.get(fileId);
  if (!name) {
    name = api().files.retrieve(fileId).then((f) => f.filename, () => fileId);
    names.set(fileId, name);
  }
  return name;
}

export async function download(fileId: string): Promise<void> {
  const a = document.createElement("a");
  a.href = await fileUrl(fileId);
  a.download = (await fileName(fileId)).split("/").pop() ?? fileId;
  a.click();
}

export async function listAll<T>(page: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const items: T[] = [];
  for await (const item of page) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}
