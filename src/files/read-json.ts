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
    text = await readFile(path, "utf8");
  } catch (error) {
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
