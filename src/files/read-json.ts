import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";

/**
 * Reads a Postman file (collection or environment) as a JSON object. Every failure is one
 * UsageError naming the file and `what` it should have been; `fix` is added when it is missing.
 */
export async function readJsonObject<T extends object>(
  path: string,
  what: string,
  fix = "",
): Promise<T> {
  let text: string;
  try {
    text = isUrl(path) ? await download(path, what) : await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${what} "${path}" not found${fix}`);
    throw new UsageError(`cannot read ${what} "${path}" (${code ?? "unknown error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} "${path}" is not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} "${path}" is not a Postman ${what}`);
  }
  return value as T;
}

/** A collection or environment may be an http(s) URL, which Newman fetches; so does `run`. */
export function isUrl(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

async function download(url: string, what: string): Promise<string> {
  // The query may carry an API key: messages show the address without it.
  const shown = url.replace(/[?#].*$/, "");
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new UsageError(`cannot fetch ${what} ${shown} (${cause ?? (error as Error).message})`);
  }
  if (!response.ok) throw new UsageError(`cannot fetch ${what} ${shown}: HTTP ${response.status}`);
  return response.text();
}
