import type { EventEmitter } from "node:events";
import type { NewmanRunOptions, NewmanRunSummary } from "newman";
import type { CertificateListEntry } from "../certificates/cert-list.js";
import { UsageError } from "../errors.js";

/** Newman's run options as Newman reads them (its typings miss a few). */
export type NewmanOptions = Omit<NewmanRunOptions, "sslClientCertList" | "bail" | "globalVar"> & {
  /** Newman's CLI leaves `value` unset for a `--global-var` without `=`. */
  globalVar?: { key: string; value?: string }[];
  /** Options given to every reporter (`--reporter-<option>`). */
  reporterOptions?: Record<string, unknown>;
  /** A list file, or the entries themselves (Newman takes either). */
  sslClientCertList?: string | CertificateListEntry[];
  bail?: boolean | BailModifier[];
  verbose?: boolean;
};

export type BailModifier = "folder" | "failure";

/**
 * Something that follows a run through Newman's events (`start`, `request`, `assertion`,
 * `beforeDone`, `done`), the way Newman's own reporters do. Listeners attached here run before
 * the reporters, which Newman attaches only once its inputs are loaded.
 */
export type RunListener = (emitter: EventEmitter) => void;

export interface NewmanOutcome {
  summary: NewmanRunSummary;
  /** An error that cut the run short after it started. */
  error?: Error;
}

/**
 * Runs Newman as a library. It is imported here, on demand, so commands that never run a
 * collection never load it. An error before the run starts (a file Newman cannot load) is a
 * UsageError; one after is part of the outcome.
 */
export async function runNewman(
  options: NewmanOptions,
  listeners: readonly RunListener[],
): Promise<NewmanOutcome> {
  const newman = await import("newman");
  return new Promise((resolve, reject) => {
    let started = false;
    const emitter = newman.run(options as NewmanRunOptions, (error, summary) => {
      if (error && !started)
        reject(new UsageError(`Newman could not start the run: ${oneLine(error)}`));
      else resolve(error ? { summary, error } : { summary });
    });
    emitter.once("start", () => (started = true));
    for (const listen of listeners) listen(emitter);
  });
}

// Newman's messages continue on indented lines ("could not load environment\n  ENOENT: …").
function oneLine(error: Error): string {
  return error.message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(": ");
}
