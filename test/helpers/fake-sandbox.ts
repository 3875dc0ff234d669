import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { scriptPath, type ScriptName } from "../../src/collection/scripts.js";

const require = createRequire(import.meta.url);

export interface SandboxResult {
  headers: Map<string, string>;
  /** Variables the script set (local scope). */
  set: Map<string, string>;
  /** Variables the script set in the environment. */
  environment: Map<string, string>;
  tests: { name: string; error?: string }[];
  skipped: boolean;
  /** What the script logged to Postman's console. */
  logs: string[];
  /** Requests the script sent itself (`pm.sendRequest`), in order. */
  sent: SentRequest[];
  /** The variables the script read (`pm.variables.get`), in order: each read has a cost. */
  read: string[];
  /** How often the script parsed the response (`pm.response.json()`). */
  responseParses: number;
}

export interface SentRequest {
  url: string;
  method: string;
  header?: { key: string; value: string }[];
  body?: { mode: string; raw: string };
}

export interface FakeResponse {
  code: number;
  body?: string;
}

/**
 * Runs one of the collection's scripts the way Postman's sandbox does, with just enough of `pm`
 * for our scripts: variables, request headers, tests, skipRequest and the bundled crypto-js.
 */
export function runScript(
  name: ScriptName,
  variables: Record<string, string>,
  options: {
    response?: FakeResponse;
    path?: string;
    method?: string;
    body?: string;
    /** The answers to the script's own requests, in order. */
    answers?: FakeResponse[];
    /** The item id of the request (`pm.info.requestId`). */
    requestId?: string;
  } = {},
): SandboxResult {
  const result: SandboxResult = {
    headers: new Map(),
    set: new Map(),
    environment: new Map(),
    tests: [],
    skipped: false,
    logs: [],
    sent: [],
    read: [],
    responseParses: 0,
  };
  const { response } = options;
  const answers = [...(options.answers ?? [])];
  const answer = (fake: FakeResponse) => ({
    code: fake.code,
    json: () => JSON.parse(fake.body ?? ""),
    text: () => fake.body ?? "",
  });
  const pm = {
    variables: {
      // The fake URL starts with {{baseUrl}}, which every real environment sets.
      get: (key: string) => {
        result.read.push(key);
        return result.set.get(key) ?? { baseUrl: "https://example.cybozu.com", ...variables }[key];
      },
      set: (key: string, value: string) => result.set.set(key, value),
      replaceIn: (text: string) =>
        text.replace(/\{\{(\w+)\}\}/g, (all, key: string) => pm.variables.get(key) ?? all),
    },
    environment: {
      set: (key: string, value: string) => result.environment.set(key, value),
    },
    request: {
      headers: {
        upsert: ({ key, value }: { key: string; value: string }) => result.headers.set(key, value),
      },
      method: options.method ?? "GET",
      body: options.body === undefined ? undefined : { mode: "raw", raw: options.body },
      url: {
        getPath: () => options.path ?? "/k/v1/app.json",
        toString: () => `{{baseUrl}}${options.path ?? "/k/v1/app.json"}`,
      },
    },
    response: response && {
      ...answer(response),
      json: () => {
        result.responseParses++;
        return answer(response).json();
      },
    },
    sendRequest: (
      request: SentRequest,
      callback: (error: Error | null, response?: ReturnType<typeof answer>) => void,
    ) => {
      result.sent.push(request);
      const next = answers.shift();
      if (next === undefined) callback(new Error("no answer"));
      else callback(null, answer(next));
    },
    test: (testName: string, body: () => void) => {
      try {
        body();
        result.tests.push({ name: testName });
      } catch (error) {
        result.tests.push({ name: testName, error: (error as Error).message });
      }
    },
    execution: { skipRequest: () => (result.skipped = true) },
    info: { requestId: options.requestId ?? "request-id" },
  };
  const sandboxRequire = (module: string) => {
    if (module !== "crypto-js") throw new Error(`the sandbox has no module ${module}`);
    return require("crypto-js");
  };
  const console = { log: (message: string) => result.logs.push(message) };
  vm.runInNewContext(readFileSync(scriptPath(name), "utf8"), {
    pm,
    require: sandboxRequire,
    console,
  });
  return result;
}
