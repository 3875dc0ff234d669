import type { NewmanRunSummary } from "newman";
import { kintoneErrorOf } from "../kintone/kintone-error.js";
import { hintFor } from "../kintone/error-hints.js";
import { describeNetworkError, type NetworkFailure } from "../kintone/network-errors.js";
import type { RunListener } from "./newman.js";

/** What went wrong during a run, beyond Newman's counters: kintone error codes and TLS failures. */
export interface RunFindings {
  /** By kintone error code. */
  kintoneErrors: Map<string, { count: number; message?: string }>;
  /** By kind and host, so a hundred refused requests make one line. */
  networkFailures: Map<string, NetworkFailure>;
}

export function emptyFindings(): RunFindings {
  return { kintoneErrors: new Map(), networkFailures: new Map() };
}

interface RequestEvent {
  request?: { url?: { toString(): string } };
  response?: { code?: number; text(): string };
}

/**
 * Collects kintone errors (JSON bodies `{code, id, message}` of error responses) and requests
 * that got no response, as they happen. `sentCertificate` tells whether the run had a client
 * certificate, which decides how a TLS refusal is explained.
 */
export function trackFindings(findings: RunFindings, sentCertificate: boolean): RunListener {
  return (emitter) => {
    emitter.on("request", (error: unknown, event: RequestEvent) => {
      const url = urlOf(event?.request);
      if (error) {
        if (url === undefined) return;
        const failure = describeNetworkError(error, url, sentCertificate);
        findings.networkFailures.set(`${failure.kind} ${failure.host}`, failure);
        return;
      }
      const response = event?.response;
      if (response?.code === undefined || response.code < 400) return;
      const kintone = kintoneErrorOf(response.text());
      if (kintone === undefined) return;
      const seen = findings.kintoneErrors.get(kintone.code) ?? {
        count: 0,
        message: kintone.message,
      };
      seen.count += 1;
      findings.kintoneErrors.set(kintone.code, seen);
    });
  };
}

function urlOf(request: RequestEvent["request"]): URL | undefined {
  try {
    return new URL(String(request?.url));
  } catch {
    return undefined;
  }
}

/** True when any request, test or script failed, or the run was cut short. */
export function runFailed(summary: NewmanRunSummary, error?: Error): boolean {
  return error !== undefined || Boolean(summary.error) || summary.run.failures.length > 0;
}

/**
 * The closing lines of a run: counts, then one line per kintone error code with what to do about
 * it, then one line per network failure.
 */
export function summaryLines(
  summary: NewmanRunSummary,
  findings: RunFindings,
  error?: Error,
): string[] {
  const { requests, assertions } = summary.run.stats;
  const lines = [
    `Ran ${count(requests.total, "request")} (${requests.failed ?? 0} failed) and ` +
      `${count(assertions.total, "test")} (${assertions.failed ?? 0} failed)`,
  ];
  for (const [code, seen] of findings.kintoneErrors) {
    const advice = hintFor(code) ?? seen.message ?? "see the response";
    lines.push(`  ${code} (${count(seen.count, "response")}): ${advice}`);
  }
  for (const failure of findings.networkFailures.values()) lines.push(`  ${failure.sentence}`);
  if (error !== undefined) lines.push(`  the run stopped: ${error.message.split("\n")[0]}`);
  return lines;
}

function count(n: number | undefined, noun: string): string {
  return `${n ?? 0} ${noun}${n === 1 ? "" : "s"}`;
}
