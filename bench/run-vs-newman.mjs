// `kintone-postman run` against `newman run` on the same collection, folder, certificate and
// server: the kintone stub behind Secure Access, the generated collection's Smoke folder. Runs
// alternate so both sides see the same machine load. Prints the median wall time of each and
// their ratio (goal: ours ≤ 0.95 × Newman's with a modern pfx), then what a legacy (RC2-40) pfx
// adds: end to end, and the re-encoding alone (goal: ≤ 150 ms). Run `npm run build` first.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { matchPatternFor } from "../dist/certificates/cert-list.js";
import { generate } from "../dist/generate/index.js";
import { startStub, writeClientPfx } from "../dist/stub/index.js";
import { format, median } from "./stats.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PASSPHRASE = "bench-passphrase";
const root = fileURLToPath(new URL("..", import.meta.url));

const work = mkdtempSync(join(tmpdir(), "kintone-postman-bench-"));
const stub = await startStub({ port: 0, secureAccess: true, pfxPassphrase: PASSPHRASE, dir: work });
const legacyPfx = await writeClientPfx(stub.dir, {
  encoding: "legacy",
  passphrase: PASSPHRASE,
  fileName: "legacy.pfx",
});
const { collectionPath, environmentPath } = await generate({
  baseUrl: stub.url,
  out: work,
  name: "bench",
});
const certificateList = join(work, "certificates.json");
writeFileSync(
  certificateList,
  JSON.stringify([
    {
      name: "stub",
      matches: [matchPatternFor(stub.url)],
      pfx: { src: stub.pfxPath },
      passphrase: PASSPHRASE,
    },
  ]),
);

// The same inputs on both sides; credentials travel as --env-var, which both commands take.
const common = [
  "run",
  collectionPath,
  "-e",
  environmentPath,
  "--folder",
  "Smoke",
  "--ssl-extra-ca-certs",
  stub.caCertPath,
  "--env-var",
  "appId=1",
  "--env-var",
  "apiToken=stub-token-app1",
];
const commands = {
  ours: [process.execPath, "dist/cli/main.js", ...common, "--ssl-client-pfx", stub.pfxPath],
  newman: ["node_modules/.bin/newman", ...common, "--ssl-client-cert-list", certificateList],
  legacy: [process.execPath, "dist/cli/main.js", ...common, "--ssl-client-pfx", legacyPfx],
};
const passphraseEnv = { KINTONE_PFX_FILE_PASSWORD: PASSPHRASE };

function timed([command, ...args], env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`${args.slice(0, 2).join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

/** The re-encoding alone, in a fresh process as a run does it (node-forge loading included). */
function reencodingMs(pfx) {
  const script = `
    const started = performance.now();
    const { openPfx } = await import("./dist/certificates/pfx.js");
    const { TempFiles } = await import("./dist/runner/temp-files.js");
    const opened = await openPfx(${JSON.stringify(pfx)}, ${JSON.stringify(PASSPHRASE)});
    const temp = new TempFiles();
    if (opened.kind === "pem") { temp.write("cert.pem", opened.cert); temp.write("key.pem", opened.key); }
    temp.dispose();
    process.stdout.write(String(performance.now() - started));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: root });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(out))));
  });
}

try {
  // Warm the file system cache and the stub once per command.
  await timed(commands.ours, passphraseEnv);
  await timed(commands.newman);
  await timed(commands.legacy, passphraseEnv);

  const times = { ours: [], newman: [], legacy: [], modernOpen: [], legacyOpen: [] };
  for (let round = 0; round < RUNS; round++) {
    // Alternate who goes first, so neither side always runs right after the other.
    if (round % 2 === 0) {
      times.ours.push(await timed(commands.ours, passphraseEnv));
      times.newman.push(await timed(commands.newman));
    } else {
      times.newman.push(await timed(commands.newman));
      times.ours.push(await timed(commands.ours, passphraseEnv));
    }
    times.legacy.push(await timed(commands.legacy, passphraseEnv));
    times.modernOpen.push(await reencodingMs(stub.pfxPath));
    times.legacyOpen.push(await reencodingMs(legacyPfx));
  }

  const m = Object.fromEntries(Object.entries(times).map(([key, values]) => [key, median(values)]));
  console.log(
    `${RUNS} alternating runs of the Smoke folder (7 requests) against the stub, medians:`,
  );
  console.log(`  newman run --ssl-client-cert-list     ${format(m.newman, 0)} ms`);
  console.log(`  kintone-postman run --ssl-client-pfx  ${format(m.ours, 0)} ms (modern pfx)`);
  console.log(
    `  ratio ours / newman                   ${format(m.ours / m.newman, 3)} (goal ≤ 0.95)`,
  );
  console.log(`legacy (RC2-40) pfx:`);
  console.log(`  kintone-postman run                   ${format(m.legacy, 0)} ms`);
  console.log(`  added end to end                      ${format(m.legacy - m.ours, 0)} ms`);
  console.log(
    `  re-encoding alone (open + files)      ${format(m.legacyOpen - m.modernOpen, 0)} ms ` +
      `(legacy ${format(m.legacyOpen, 0)} ms, modern ${format(m.modernOpen, 0)} ms; goal ≤ 150)`,
  );
} finally {
  await stub.close();
  rmSync(work, { recursive: true, force: true });
}
