// The apps the `--app` benchmarks read: many apps of 300 fields each, served by the local stub in
// a child process of its own (in the measuring process it would compete for the CPU with what is
// measured, and a kintone is never in the process of its client).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export const FIELDS = 300;
export const APPS = 50;
const TYPES = [
  ["SINGLE_LINE_TEXT", {}],
  ["NUMBER", { minValue: "0", maxValue: "100" }],
  ["MULTI_LINE_TEXT", {}],
  ["DATE", {}],
  ["DROP_DOWN", { options: ["A", "B", "C"] }],
  ["CHECK_BOX", { options: ["x", "y"] }],
  ["USER_SELECT", {}],
  ["LINK", { protocol: "WEB" }],
];

/** 300 fields: mixed types, one unique key, one table of 10 columns. */
function fields(app) {
  const list = [{ code: `key_${app}`, type: "SINGLE_LINE_TEXT", unique: true, required: true }];
  for (let i = 1; i < FIELDS - 11; i++) {
    const [type, extra] = TYPES[i % TYPES.length];
    list.push({ code: `f${i}_${type.toLowerCase()}`, type, ...extra });
  }
  list.push({
    code: "table",
    type: "SUBTABLE",
    fields: Array.from({ length: 10 }, (_, i) => ({ code: `col${i}`, type: "SINGLE_LINE_TEXT" })),
  });
  return list;
}

export const apps = Array.from({ length: APPS }, (_, i) => ({
  id: 100 + i,
  name: `Bench app ${i + 1}`,
  fields: fields(i),
}));

/** The ids of the first `count` apps, as `--app` takes them. */
export function appIds(count) {
  return apps.slice(0, count).map((app) => String(app.id));
}

export const login = { username: "Administrator", password: "stub-password" };

/**
 * Starts the stub with these apps in a child process; resolves to its `url`, `caCertPath` and a
 * `close()` that stops it.
 */
export async function startAppsStub() {
  const server = fork(fileURLToPath(new URL("./serve-apps-stub.mjs", import.meta.url)), [], {
    stdio: "inherit",
  });
  const stub = await new Promise((resolve, reject) => {
    server.once("message", resolve);
    server.once("exit", (code) => reject(new Error(`the stub stopped (exit code ${code})`)));
  });
  return { ...stub, close: () => server.disconnect() };
}
