// Measures `kintone-postman generate --app` for many large apps served by the local stub: wall
// time of the whole process (node start-up and reading every form included) and peak memory, for
// 10 and for 50 apps of 300 fields, and how both grow. Goal: 50 apps ≤ 2 s and ≤ 200 MB on a
// 2-core machine, growing linearly or better. Run `npm run build` first (`npm run bench:apps`).
//
// The stub runs in a child process of its own (bench-apps.mjs). What is timed is `generate` alone, reading through the official client
// over TLS from the stub.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { APPS, FIELDS, appIds, login, startAppsStub } from "./bench-apps.mjs";
import { loadLine } from "./measure.mjs";
import { format, median } from "./stats.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);

await measure();

async function measure() {
  const stub = await startAppsStub();
  const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-apps-"));

  function generateOnce(count) {
    const ids = appIds(count);
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
          KINTONE_USERNAME: login.username,
          KINTONE_PASSWORD: login.password,
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
    const peaks = samples.map((s) => s.peakMiB);
    results[count] = {
      wallMs: median(samples.map((s) => s.wallMs)),
      cpuMs: median(samples.map((s) => s.cpuMs)),
      peakMiB: median(peaks),
      peakRange: `${format(Math.min(...peaks))}–${format(Math.max(...peaks))}`,
    };
  }
  stub.close();
  rmSync(out, { recursive: true, force: true });

  console.log(`generate --app, ${FIELDS} fields per app, ${runs} runs each (whole process)`);
  for (const [count, { wallMs, cpuMs, peakMiB, peakRange }] of Object.entries(results)) {
    console.log(
      `  ${count} apps: wall time ${format(wallMs)} ms, CPU ${format(cpuMs)} ms, peak RSS ${format(peakMiB)} MiB (${peakRange}; ${format((peakMiB * 1048576) / 1e6)} MB)`,
    );
  }
  const [small, large] = [results[10], results[APPS]];
  console.log(
    `  growth 10 → ${APPS} apps (×${APPS / 10}): wall time ×${(large.wallMs / small.wallMs).toFixed(2)}, CPU ×${(large.cpuMs / small.cpuMs).toFixed(2)}, peak RSS ×${(large.peakMiB / small.peakMiB).toFixed(2)}`,
  );
  console.log(`  ${loadLine()}`);
}
