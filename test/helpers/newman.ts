import { readFile } from "node:fs/promises";
import type { NewmanRunSummary } from "newman";
import { runNewman, type NewmanOptions } from "../../src/runner/newman.js";

/** Newman as the runner drives it, without reporters; resolves with the summary. */
export async function newmanRun(options: NewmanOptions): Promise<NewmanRunSummary> {
  const { summary, error } = await runNewman({ reporters: [], ...options }, []);
  if (error) throw error;
  return summary;
}

/** Failed tests and request errors, one readable line each. */
export function failures(summary: NewmanRunSummary): string[] {
  return summary.run.failures.map((f) => `${f.source?.name ?? "?"}: ${f.error.message}`);
}

export async function readJson<T = unknown>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, "utf8")) as T;
}
