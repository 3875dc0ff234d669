// Measures `kintone-postman generate --app` for many large apps served by the local stub: wall
// time of the whole process (node start-up and reading every form included) and peak memory, for
// 10 and for 50 apps of 300 fields, and how both grow. Goal: 50 apps ≤ 2 s and ≤ 200 MB on a
// 2-core machine, growing linearly or better. Run `npm run build` first (`npm run bench:apps`).
//
// The stub runs in a child process of its own (this script, started again with `--serve`): in
// this process it would compete for the CPU with the timing loop, and a kintone is never in the
// process of its client. What is timed is `generate` alone, reading through the official client
// over TLS from the stub.
import { fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStub } from "../dist/stub/index.js";
import { format, median } from "./stats.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const FIELDS = 300;
const APPS = 50;
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

const apps = Array.from({ length: APPS }, (_, i) => ({
  id: 100 + i,
  name: `Bench app ${i + 1}`,
  fields: fields(i),
}));
if (process.argv[2] === "--serve") {
  const stub = await startStub({
    seed: { users: [{ login: "Administrator", password: "stub-password" }], apps },
  });
  process.send({ url: stub.url, caCertPath: stub.caCertPath });
  // The parent closing the channel (also when it dies) stops the stub.
  process.on("disconnect", () => void stub.close());
} else {
  await measure();
}

async function measure() {
  const server = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: "inherit" });
  const stub = await new Promise((resolve, reject) => {
    server.once("message", resolve);
    server.once("exit", (code) => reject(new Error(`the stub stopped (exit code ${code})`)));
  });
  const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-apps-"));

  function generateOnce(count) {
    const ids = apps.slice(0, count).map((app) => String(app.id));
    const args = [
      "--import",
      "./bench/report-usage.mjs",
      "dist/cli/main.js",
      "generate",
      "--out",
      out,
      "--base-url",
      stub.url,
      "--ssl-extra-ca-certs",
      stub.caCertPath,
      "--app",
      ids.join(","),
    ];
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, args, {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          KINTONE_USERNAME: "Administrator",
          KINTONE_PASSWORD: "stub-password",
        },
      });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (code) => {
        const wallMs = performance.now() - started;
        if (code !== 0) return reject(new Error(`generate failed: ${stderr}`));
        const usage = JSON.parse(/usage: (.*)/.exec(stderr)[1]);
        resolve({ wallMs, peakMiB: usage.peakMiB, cpuMs: usage.cpuMs });
      });
    });
  }

  const results = {};
  for (const count of [10, APPS]) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await generateOnce(count));
    results[count] = {
      wallMs: median(samples.map((s) => s.wallMs)),
      cpuMs: median(samples.map((s) => s.cpuMs)),
      peakMiB: median(samples.map((s) => s.peakMiB)),
    };
  }
  server.disconnect();
  rmSync(out, { recursive: true, force: true });

  console.log(`generate --app, ${FIELDS} fields per app, ${runs} runs each (whole process)`);
  for (const [count, { wallMs, cpuMs, peakMiB }] of Object.entries(results)) {
    console.log(
      `  ${count} apps: wall time ${format(wallMs)} ms, CPU ${format(cpuMs)} ms, peak RSS ${format(peakMiB)} MiB`,
    );
  }
  const [small, large] = [results[10], results[APPS]];
  console.log(
    `  growth 10 → ${APPS} apps (×${APPS / 10}): wall time ×${(large.wallMs / small.wallMs).toFixed(2)}, CPU ×${(large.cpuMs / small.cpuMs).toFixed(2)}, peak RSS ×${(large.peakMiB / small.peakMiB).toFixed(2)}`,
  );
}
