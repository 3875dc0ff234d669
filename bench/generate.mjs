// Measures `kintone-postman generate`: wall time of the whole process (node start-up included)
// and peak memory. Run `npm run build` first; `npm run bench:generate` does both.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, median } from "./stats.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 10);
const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-"));

const samples = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ["--import", "./bench/report-usage.mjs", "dist/cli/main.js", "generate", "--out", out],
    { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH } },
  );
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`generate failed: ${child.stderr}`);
  const usage = JSON.parse(/usage: (.*)/.exec(child.stderr)[1]);
  samples.push({ wallMs, peakMiB: usage.peakMiB });
}
rmSync(out, { recursive: true, force: true });

console.log(`generate, ${runs} runs (whole process, node start-up included)`);
console.log(`  wall time  median ${format(median(samples.map((s) => s.wallMs)))} ms`);
console.log(`  peak RSS   median ${format(median(samples.map((s) => s.peakMiB)))} MiB`);
