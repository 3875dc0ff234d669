// Runs commands in fresh Node processes, alternating their order round by round so every
// command sees the same machine load, and summarises them by medians.
import { spawn } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { format, median } from "./stats.mjs";

export const root = fileURLToPath(new URL("..", import.meta.url));
const usageHook = fileURLToPath(new URL("./report-usage.mjs", import.meta.url));

/**
 * One run of `node ARGS` (asynchronous: a server in this process keeps answering): wall time
 * from the outside, CPU time and peak memory as the process reports them when it exits.
 */
export function measure(args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", usageHook, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const usage = /usage: (.*)/.exec(stderr);
      if (code !== 0 || usage === null) {
        reject(new Error(`node ${args.slice(0, 2).join(" ")} exited ${code}: ${stderr}`));
      } else resolve({ wallMs, ...JSON.parse(usage[1]) });
    });
  });
}

/**
 * `rounds` rounds of every command; each round starts one command later than the last, so no
 * command always runs right after the same other. Returns each command's medians.
 */
export async function alternate(commands, rounds) {
  const names = Object.keys(commands);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      samples[name].push(await measure(...commands[name]));
    }
  }
  return Object.fromEntries(
    names.map((name) => [
      name,
      Object.fromEntries(
        ["wallMs", "cpuMs", "peakMiB"].map((key) => [
          key,
          median(samples[name].map((s) => s[key])),
        ]),
      ),
    ]),
  );
}

/** The machine's load while the benchmark ran: figures from a busy machine read high. */
export function loadLine() {
  const [one, five, fifteen] = loadavg().map((value) => format(value, 2));
  return `machine: ${availableParallelism()} cores, load average ${one} ${five} ${fifteen} (1, 5, 15 min)`;
}
