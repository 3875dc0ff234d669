import type { NewmanRunSummary } from "newman";
import { kintoneErrorOf } from "../kintone/kintone-error.js";
import { basicAuthHint, commandHintFor, NO_API_TOKEN_HINT } from "../kintone/error-hints.js";
import { CAPTURED_BY, EnvKey } from "../environment/variables.js";
import { describeNetworkError, type NetworkFailure } from "../kintone/network-errors.js";
import type { SkipReason } from "./blast-radius.js";
import type { AddedDeleter } from "./cleanup.js";
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
  /** Requests the pre-request script skipped because kintone takes no API token for them. */
  skippedForApiToken: string[];
  /** Names of the requests the run came to (sent or skipped by the pre-request script). */
  reached: Set<string>;
  /** Item ids of the requests the run sent. */
  sent: Set<string>;
  /** Deleting requests the run added for what the selected requests create (see cleanup.ts). */
  addedDeleters: AddedDeleter[];
}

export function emptyFindings(): RunFindings {
  return {
    kintoneErrors: new Map(),
    networkFailures: new Map(),
    basicAuthRefusals: 0,
    skippedForValues: new Map(),
    skippedByRadius: new Map(),
    reached: new Set(),
    sent: new Set(),
    addedDeleters: [],
    skippedForApiToken: [],
  };
}

/** What the collection's pre-request script logs when it skips a request (templates/scripts). */
const SKIPPED_FOR_VALUES = /^Skipped: no value for (.+)\.$/;
const SKIPPED_FOR_API_TOKEN = /^Skipped: kintone takes no API token for this request/;

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
    let currentId = "";
    emitter.on(
      "beforeItem",
      (_error: unknown, event?: { item?: { name?: string; id?: string } }) => {
        current = event?.item?.name ?? "";
        currentId = event?.item?.id ?? "";
        findings.reached.add(current);
      },
    );
    emitter.on("console", (_error: unknown, event?: { messages?: unknown[] }) => {
      const message = String(event?.messages?.[0] ?? "");
      if (SKIPPED_FOR_API_TOKEN.test(message)) findings.skippedForApiToken.push(current);
      const match = SKIPPED_FOR_VALUES.exec(message);
      if (match === null) return;
      const names = findings.skippedForValues.get(match[1]!) ?? [];
      findings.skippedForValues.set(match[1]!, [...names, current]);
    });
    emitter.on("request", (error: unknown, event: RequestEvent) => {
      findings.sent.add(currentId);
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
    const advice = commandHintFor(code) ?? seen.message ?? "see the response";
    lines.push(
      `  ${code} (${count(seen.count, "response")}): ${advice}${fieldErrors(seen.errors)}`,
    );
  }
  if (findings.basicAuthRefusals > 0) {
    lines.push(
      `  HTTP 401 without a kintone code (${count(findings.basicAuthRefusals, "response")}): ` +
        basicAuthHint(false),
    );
  }
  for (const failure of findings.networkFailures.values()) lines.push(`  ${failure.sentence}`);
  // Only a deleter that was sent: one skipped for want of an id has a skipped line below.
  for (const deleter of findings.addedDeleters) {
    if (!findings.sent.has(deleter.id)) continue;
    lines.push(`  also ran ${deleter.name}: it deletes ${deleter.deletes.join(" and ")}`);
  }
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

const NAME_OR_ALLOW = "name them with --folder, or pass --allow-settings-changes";

/** Why a whole run leaves requests out, and how to include them, by reason; plural, then singular. */
const LEFT_OUT: Record<SkipReason, [string, string]> = {
  "existing-data": [`change existing data: ${NAME_OR_ALLOW}`, "changes existing data"],
  settings: [`change settings: ${NAME_OR_ALLOW}`, "changes settings"],
  deploy: ["deploy: they run only when named by --folder", "deploys"],
  unknown: [`are of unknown blast radius: ${NAME_OR_ALLOW}`, "is of unknown blast radius"],
};

/** One line per reason a request was skipped, each naming the requests and how to include them. */
function skippedLines(findings: RunFindings): string[] {
  const lines: string[] = [];
  for (const [reason, names] of findings.skippedByRadius) {
    const n = count(names.length, "request");
    lines.push(`  skipped ${n} that ${LEFT_OUT[reason][0]} (${names.join(", ")})`);
  }
  const tokenless = findings.skippedForApiToken;
  if (tokenless.length > 0) {
    const n = count(tokenless.length, "request");
    lines.push(`  skipped ${n}: ${NO_API_TOKEN_HINT} (${tokenless.join(", ")})`);
  }
  return [...lines, ...skippedForValueLines(findings)];
}

/**
 * What a request skipped for an empty variable waits for: a variable the user sets, or the
 * request of the run that sets it (then why that one did not). `direct` when the request itself
 * names the variable to set, not only something an earlier request would have made from it.
 */
interface MissingRoot {
  key: string;
  sentence: string;
  direct: boolean;
}

/**
 * One line per variable the user can set (or per request that would have set one), gathering
 * the requests that wait for it, also through what an earlier request would have created: a
 * skipped Create space from template and the five requests in the space it would create make one
 * line that names `spaceTemplateId`.
 */
function skippedForValueLines(findings: RunFindings): string[] {
  const waitingFor = new Map<string, string[]>();
  for (const [variables, names] of findings.skippedForValues) {
    for (const name of names) waitingFor.set(name, variables.split(", "));
  }
  const groups = new Map<string, { sentence: string; direct: string[]; dependants: string[] }>();
  for (const [name, variables] of waitingFor) {
    const root = rootOf(variables, findings, waitingFor, new Set([name]));
    const group = groups.get(root.key) ?? { sentence: root.sentence, direct: [], dependants: [] };
    (root.direct ? group.direct : group.dependants).push(name);
    groups.set(root.key, group);
  }
  return [...groups.values()].map(({ sentence, direct, dependants }) => {
    const n = count(direct.length + dependants.length, "request");
    const needing =
      dependants.length === 0
        ? ""
        : `${direct.length > 0 ? "; " : ""}needing what ${direct.length > 0 ? "that creates" : "it creates"}: ${dependants.join(", ")}`;
    return `  skipped ${n} ${sentence} (${direct.join(", ")}${needing})`;
  });
}

function rootOf(
  variables: readonly string[],
  findings: RunFindings,
  waitingFor: ReadonlyMap<string, string[]>,
  visited: Set<string>,
): MissingRoot {
  const toSet = variables.find((name) => !CAPTURED_BY.has(name));
  if (toSet !== undefined) {
    const advice = toSet === EnvKey.appId ? "pass --app ID" : `set it with --env-var ${toSet}=…`;
    return { key: `set ${toSet}`, sentence: `with no value for ${toSet}: ${advice}`, direct: true };
  }
  const captured = variables[0] ?? "";
  const producer = CAPTURED_BY.get(captured) ?? "";
  const head = `with no value for ${captured}, which ${producer} sets`;
  const upstream = waitingFor.get(producer);
  if (upstream !== undefined && !visited.has(producer)) {
    visited.add(producer);
    return { ...rootOf(upstream, findings, waitingFor, visited), direct: false };
  }
  if (findings.skippedForApiToken.includes(producer)) {
    const sentence = `${head}, skipped as ${NO_API_TOKEN_HINT.replace("them", "it")}`;
    return { key: `no token ${producer}`, sentence, direct: true };
  }
  for (const [reason, names] of findings.skippedByRadius) {
    if (!names.includes(producer)) continue;
    const include =
      reason === "deploy"
        ? `--folder "${producer}"`
        : `--folder "${producer}" or --allow-settings-changes`;
    return {
      key: `left out ${producer}`,
      sentence: `${head}, left out as it ${LEFT_OUT[reason][1]}: include it with ${include}`,
      direct: true,
    };
  }
  const sentence = findings.reached.has(producer)
    ? `${head}: it ran but set nothing (see its result above)`
    : `${head}: run it too (--folder "${producer}")`;
  return { key: `producer ${producer}`, sentence, direct: true };
}
