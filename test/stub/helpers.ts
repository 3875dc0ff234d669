import { readFileSync } from "node:fs";
import { Agent, request, type AgentOptions } from "node:https";
import { expect } from "vitest";
import { UsageError } from "../../src/errors.js";
import { startStub, type RunningStub, type StubOptions } from "../../src/stub/index.js";

export const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** X-Cybozu-Authorization for a login and password. */
export const asUser = (login = "Administrator", password = "stub-password") => ({
  "X-Cybozu-Authorization": base64(`${login}:${password}`),
});

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body as JSON (throws when it is not). */
  json: <T = Record<string, unknown>>() => T;
}

/**
 * One HTTPS request to the stub with Node's own client, trusting only the stub's CA. `body` is
 * sent as JSON unless it is a Buffer (then as given, with the headers given).
 */
export function call(
  stub: RunningStub,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; agent?: AgentOptions } = {},
): Promise<RawResponse> {
  const payload =
    options.body === undefined
      ? undefined
      : Buffer.isBuffer(options.body)
        ? options.body
        : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (payload && !Buffer.isBuffer(options.body)) headers["content-type"] ??= "application/json";
  // Node frames a GET body only when told its length.
  if (payload) headers["content-length"] = String(payload.length);
  const agent = new Agent({ ca: readFileSync(stub.caCertPath), ...options.agent });
  return new Promise((resolve, reject) => {
    const req = request(`${stub.url}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: <T>() => JSON.parse(body.toString("utf8")) as T,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A query string the way kintone clients write one (`fields[0]=a`), from plain values. */
export function query(
  params: Record<string, string | number | boolean | (string | number)[]>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value))
      value.forEach((item, index) => search.append(`${key}[${index}]`, String(item)));
    else search.append(key, String(value));
  }
  return `?${search.toString()}`;
}

/** kintone's error body shape. */
export interface ErrorBody {
  code: string;
  id: string;
  message: string;
  errors?: Record<string, { messages: string[] }>;
}

/**
 * Checks a kintone error answer: the status, the code, and the shape kintone gives every error
 * (JSON, a 20-character id, a message). Resolves with the body for further checks.
 */
export async function expectKintoneError(
  response: Promise<RawResponse>,
  status: number,
  code: string,
): Promise<ErrorBody> {
  const answer = await response;
  const body = answer.json<ErrorBody>();
  expect([answer.status, body.code], JSON.stringify(body)).toEqual([status, code]);
  expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(body.id).toMatch(/^[A-Za-z0-9]{20}$/);
  expect(body.message).not.toBe("");
  return body;
}

/** The one-line UsageError a start fails with; a stub that starts anyway is closed. */
export async function startError(options: StubOptions): Promise<UsageError> {
  const error: unknown = await startStub(options).then(
    async (stub) => {
      await stub.close();
      return undefined;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).not.toContain("\n");
  return error as UsageError;
}
