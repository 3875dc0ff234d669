import { lookup as dnsLookup } from "node:dns";
import { request as httpsRequest, type RequestOptions } from "node:https";
import type { LookupFunction } from "node:net";
import { rootCertificates } from "node:tls";
import type { UsablePfx } from "../certificates/pfx.js";
import { basicAuthHint, commandHintFor } from "../kintone/error-hints.js";
import { describeNetworkError, type NetworkFailureKind } from "../kintone/network-errors.js";
import { kintoneErrorOf } from "../kintone/kintone-error.js";
import { proxyLabel, TunnelingAgent } from "../kintone/proxy.js";
import { check, type Check } from "./check.js";

const NAME = "request";

/** What kind of problem each network failure is, in the words `doctor` reports. */
const FAILURE_TOPICS: Readonly<Record<NetworkFailureKind, string>> = {
  dns: "DNS",
  refused: "connection",
  timeout: "connection",
  "server-certificate": "TLS server certificate",
  "client-certificate-missing": "client certificate demanded",
  "client-certificate-refused": "client certificate refused",
  other: "connection",
};

const CREDENTIAL_CODES = new Set(["CB_WA01", "CB_AU01", "CB_OA01", "CB_IL02", "GAIA_IA02"]);
// CB_NO02: the user lacks the permission; GAIA_NO01: the API token does (or the API takes none).
const PERMISSION_CODES = new Set(["CB_NO02", "GAIA_NO01"]);

export interface TestRequest {
  url: URL;
  headers: Record<string, string>;
  pfx?: UsablePfx;
  /** Basic authentication was given: a bare 401 is then about it. */
  basicAuth: boolean;
  /** Extra trusted CAs (PEM), added to Node's own. */
  extraCa?: Buffer;
  insecure?: boolean;
  timeoutMs: number;
  /** Defaults to `dns.lookup`. */
  lookup?: LookupFunction;
  /** An HTTP proxy to tunnel through (CONNECT); the TLS session, certificate included, is end to end. */
  proxy?: URL;
}

interface Answer {
  status: number;
  body: string;
  location?: string;
}

/** Sends one authenticated GET and explains the outcome. */
export async function requestCheck(test: TestRequest): Promise<Check> {
  const target = `GET ${test.url.pathname}${test.url.search}`;
  const via = test.proxy ? [`through the proxy ${proxyLabel(test.proxy)}`] : [];
  let answer: Answer;
  try {
    answer = await send(test);
  } catch (error) {
    const failure = describeNetworkError(error, test.url, test.pfx !== undefined);
    const topic =
      (error as NodeJS.ErrnoException).code === "EPROXY" ? "proxy" : FAILURE_TOPICS[failure.kind];
    return check(NAME, "fail", `${target}: ${topic}`, failure.sentence, ...via);
  }
  const explained = explainAnswer(target, answer, test.basicAuth);
  return { ...explained, lines: [...explained.lines, ...via] };
}

function explainAnswer(target: string, answer: Answer, basicAuth: boolean): Check {
  const { status, body } = answer;
  const kintone = kintoneErrorOf(body);
  if (status >= 200 && status < 300) {
    return body.trimStart().startsWith("{")
      ? check(NAME, "ok", `${target}: HTTP ${status}, kintone accepted the credentials`)
      : check(
          NAME,
          "fail",
          `${target}: HTTP ${status} but not kintone's JSON: is the base URL a kintone domain?`,
        );
  }
  if (kintone !== undefined) {
    const topic = CREDENTIAL_CODES.has(kintone.code)
      ? "credentials"
      : PERMISSION_CODES.has(kintone.code)
        ? "permission"
        : "kintone error";
    const advice = commandHintFor(kintone.code) ?? kintone.message ?? "see kintone's documentation";
    return check(NAME, "fail", `${target}: HTTP ${status} ${kintone.code} (${topic})`, advice);
  }
  if (status >= 300 && status < 400) {
    return check(
      NAME,
      "fail",
      `${target}: HTTP ${status}, redirected to ${answer.location ?? "elsewhere"}`,
      "kintone's API does not redirect: check the base URL",
    );
  }
  if (status === 401) {
    return check(
      NAME,
      "fail",
      `${target}: HTTP 401 from the server in front of kintone (credentials)`,
      basicAuthHint(basicAuth),
    );
  }
  return check(NAME, "fail", `${target}: HTTP ${status} without a kintone error code`);
}

function send(test: TestRequest): Promise<Answer> {
  const options: RequestOptions = {
    method: "GET",
    headers: test.headers,
    // One request: no keep-alive socket left to hold the process open.
    agent: test.proxy ? new TunnelingAgent(test.proxy) : false,
    timeout: test.timeoutMs,
    rejectUnauthorized: !test.insecure,
    lookup: test.lookup ?? dnsLookup,
  };
  if (test.extraCa !== undefined) options.ca = [...rootCertificates, test.extraCa.toString()];
  if (test.pfx?.kind === "pfx") options.pfx = test.pfx.data;
  if (test.pfx?.kind === "pem") {
    options.cert = test.pfx.cert;
    options.key = test.pfx.key;
  }
  if (test.pfx?.passphrase !== undefined) options.passphrase = test.pfx.passphrase;

  return new Promise((resolve, reject) => {
    const req = httpsRequest(test.url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const answer: Answer = {
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        if (res.headers.location !== undefined) answer.location = res.headers.location;
        resolve(answer);
      });
    });
    req.on("timeout", () =>
      req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" })),
    );
    req.on("error", reject);
    req.end();
  });
}
