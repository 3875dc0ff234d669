import { readFile } from "node:fs/promises";
import newman, { type NewmanRunOptions, type NewmanRunSummary } from "newman";
import type { CertificateListEntry } from "../../src/certificates/cert-list.js";

/** Newman's options, with the certificate list typed as Newman really takes it. */
export type RunOptions = Omit<NewmanRunOptions, "sslClientCertList"> & {
  sslClientCertList?: string | CertificateListEntry[];
};

/** Runs Newman as a library and resolves with its summary. */
export function newmanRun(options: RunOptions): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run({ reporters: [], ...(options as NewmanRunOptions) }, (error, summary) =>
      error ? reject(error) : resolve(summary),
    );
  });
}

/** Failed tests and request errors, one readable line each. */
export function failures(summary: NewmanRunSummary): string[] {
  return summary.run.failures.map((f) => `${f.source?.name ?? "?"}: ${f.error.message}`);
}

export async function readJson<T = unknown>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, "utf8")) as T;
}
