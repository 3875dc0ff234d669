// What importing yargs costs, across the releases our command modules work with (17.x and 18.x:
// same API, same typings). Each version is installed into a temporary folder with npm, then
// imported in fresh processes, alternating, with a parser shaped like ours (two commands,
// thirteen flags each) parsing a `generate` command line. Prints medians of wall time and of CPU
// time (user + system, steadier on a loaded machine). `npm run bench:yargs`; needs the registry.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format, median } from "./stats.mjs";

const VERSIONS = (process.env.YARGS_VERSIONS ?? "17.7.2,18.0.0,18.1.0,18.2.0").split(",");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), "kintone-postman-yargs-"));

// Runs in the child: the import, then building and running the parser, each timed.
const PROBE = `
const folder = process.argv[1];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const [t0, c0] = [performance.now(), cpu()];
const { default: yargs } = await import(folder + "/node_modules/yargs/index.mjs");
const [t1, c1] = [performance.now(), cpu()];
const flags = Object.fromEntries(
  ["base-url", "username", "password", "api-token", "oauth-token", "basic-auth-username",
   "basic-auth-password", "guest-space-id", "pfx-file-path", "pfx-file-password",
   "include-secrets", "out", "name"].map((flag) => [flag, { type: "string", describe: flag }]));
const command = (name) => ({ command: name, describe: name, builder: (y) => y.options(flags), handler() {} });
await yargs(["generate", "--out", "x"]).command(command("generate")).command(command("run"))
  .strict().help().version(false).wrap(null).parseAsync();
const [t2, c2] = [performance.now(), cpu()];
console.log(JSON.stringify({ importMs: t1 - t0, importCpuMs: c1 - c0, parseMs: t2 - t1 }));`;

try {
  for (const version of VERSIONS) {
    const folder = join(work, version);
    execFileSync(
      "npm",
      ["install", "--prefix", folder, "--no-audit", "--no-fund", `yargs@${version}`],
      {
        stdio: "ignore",
      },
    );
    writeFileSync(join(folder, "package.json"), JSON.stringify({ type: "module" }));
  }
  const samples = Object.fromEntries(VERSIONS.map((version) => [version, []]));
  for (let round = 0; round < RUNS; round++) {
    const order = round % 2 === 0 ? VERSIONS : [...VERSIONS].reverse();
    for (const version of order) {
      const child = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", PROBE, join(work, version)],
        { encoding: "utf8" },
      );
      if (child.status !== 0) throw new Error(`yargs ${version}: ${child.stderr}`);
      samples[version].push(JSON.parse(child.stdout));
    }
  }
  console.log(`yargs, ${RUNS} alternating runs each, medians`);
  console.log("  version   import wall   import CPU   build + parse");
  for (const version of VERSIONS) {
    const m = (key) => format(median(samples[version].map((sample) => sample[key])));
    console.log(
      `  ${version.padEnd(8)}  ${m("importMs").padStart(8)} ms  ${m("importCpuMs").padStart(8)} ms  ${m("parseMs").padStart(10)} ms`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
