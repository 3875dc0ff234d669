import type { NewmanRunSummary } from "newman";
import { kintoneErrorOf } from "../kintone/kintone-error.js";
import { hintFor } from "../kintone/error-hints.js";
import { CAPTURED_VARIABLES, EnvKey } from "../environment/variables.js";
import { KintoneEnvVar } from "../kintone/env-vars.js";
import { describeNetworkError, type NetworkFailure } from "../kintone/network-errors.js";
import type { SkipReason } from "./blast-radius.js";
import type { RunListener } from "./newman.js";

/** What went wrong during a run, beyond Newman's counters: kintone error codes and TLS failures. */
export interface RunFindings {
  /** By kintone error code; `errors` is kintone's per-field detail of the first one. */
  kintoneErrors: Map<string, { count: number; message?: string; errors?: unknown }>;
  /** 401 answers without a kintone code: Basic authentication in front of kintone refused them. */
  basicAuthRefusals: number;
  /** By kind and host, so a hundred refused requests make one line. */
  networkFailures: Map<string, NetworkFailure>;
  /** Requests the pre-request script skipped, by the empty variables they name. */
  skippedForValues: Map<string, string[]>;
  /** Requests left out of the run before it started, by why (see blast-radius.ts). */
  skippedByRadius: Map<SkipReason, string[]>;
}

export function emptyFindings(): RunFindings {
  return {
    kintoneErrors: new Map(),
    networkFailures: new Map(),
    basicAuthRefusals: 0,
    skippedForValues: new Map(),
    skippedByRadius: new Map(),
  };
}

/** What the collection's pre-request script logs when it skips a request (templates/scripts). */
const SKIPPED_FOR_VALUES = /^Skipped: no value for (.+)\.$/;

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
    let current = "";
    emitter.on("beforeItem", (_error: unknown, event?: { item?: { name?: string } }) => {
      current = event?.item?.name ?? "";
    });
    emitter.on("console", (_error: unknown, event?: { messages?: unknown[] }) => {
      const match = SKIPPED_FOR_VALUES.exec(String(event?.messages?.[0] ?? ""));
      if (match === null) return;
      const names = findings.skippedForValues.get(match[1]!) ?? [];
      findings.skippedForValues.set(match[1]!, [...names, current]);
    });
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
      if (kintone === undefined) {
        if (response.code === 401) findings.basicAuthRefusals += 1;
        return;
      }
      const seen = findings.kintoneErrors.get(kintone.code) ?? {
        count: 0,
        message: kintone.message,
        errors: kintone.errors,
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
    lines.push(
      `  ${code} (${count(seen.count, "response")}): ${advice}${fieldErrors(seen.errors)}`,
    );
  }
  if (findings.basicAuthRefusals > 0) {
    lines.push(
      `  HTTP 401 without a kintone code (${count(findings.basicAuthRefusals, "response")}): ` +
        "Basic authentication in front of kintone is missing or wrong: pass " +
        `--basic-auth-username and --basic-auth-password (${KintoneEnvVar.basicAuthUsername}, ` +
        `${KintoneEnvVar.basicAuthPassword})`,
    );
  }
  for (const failure of findings.networkFailures.values()) lines.push(`  ${failure.sentence}`);
  lines.push(...skippedLines(findings));
  if (error !== undefined) lines.push(`  the run stopped: ${error.message.split("\n")[0]}`);
  return lines;
}

/** kintone's per-field detail (`CB_VA01`): `{"record.Number.value": {"messages": ["…"]}}`. */
function fieldErrors(errors: unknown): string {
  if (typeof errors !== "object" || errors === null) return "";
  const parts = Object.entries(errors as Record<string, { messages?: unknown }>).map(
    ([field, detail]) =>
      `${field}: ${Array.isArray(detail?.messages) ? detail.messages.join(" ") : JSON.stringify(detail)}`,
  );
  return parts.length > 0 ? ` — ${parts.join("; ")}` : "";
}

function count(n: number | undefined, noun: string): string {
  return `${n ?? 0} ${noun}${n === 1 ? "" : "s"}`;
}

/** How to include what a whole run leaves out, by reason. */
const SKIP_ADVICE: Record<SkipReason, (count: string) => string> = {
  "existing-data": (n) =>
    `skipped ${n} that change existing data: name them with --folder, or pass --allow-settings-changes`,
  settings: (n) =>
    `skipped ${n} that change settings: name them with --folder, or pass --allow-settings-changes`,
  deploy: (n) => `skipped ${n} that deploy: they run only when named by --folder`,
  unknown: (n) =>
    `skipped ${n} of unknown blast radius: name them with --folder, or pass --allow-settings-changes`,
};

/** One line per reason a request was skipped, each naming the requests and how to include them. */
function skippedLines(findings: RunFindings): string[] {
  const lines: string[] = [];
  for (const [reason, names] of findings.skippedByRadius) {
    lines.push(`  ${SKIP_ADVICE[reason](count(names.length, "request"))} (${names.join(", ")})`);
  }
  for (const [variables, names] of findings.skippedForValues) {
    const toSet = variables.split(", ").filter((name) => !CAPTURED_VARIABLES.has(name));
    const advice =
      toSet[0] === EnvKey.appId
        ? "pass --app ID"
        : toSet.length > 0
          ? `set it with --env-var ${toSet[0]}=…`
          : "an earlier request of the run sets it: run that request too";
    lines.push(
      `  skipped ${count(names.length, "request")} with no value for ${variables}: ${advice} (${names.join(", ")})`,
    );
  }
  return lines;
}
