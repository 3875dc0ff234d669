// `kintone-postman run` against `newman run` on the same collection, folder, certificate and
// server: the kintone stub behind Secure Access (mutual TLS), the generated collection's Smoke
// folder. Whole processes, alternating, medians of wall time, CPU time and peak memory, and
// their ratio (goal: ours ≤ 0.90 × Newman's wall time with a modern pfx), beside Newman used as a
// library and nothing else (bench/newman-library.mjs): the floor for any command that runs Newman
// in its own process. Then what a legacy
// (RC2-40) pfx adds: end to end, and the re-encoding alone (goal: ≤ 150 ms). Run
// `npm run build` first; `npm run bench:run` does both.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matchPatternFor } from "../dist/certificates/cert-list.js";
import { generate } from "../dist/generate/index.js";
import { startStub, writeClientPfx } from "../dist/stub/index.js";
import { alternate, loadLine, root } from "./measure.mjs";
import { format, median } from "./stats.mjs";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 12);
const PASSPHRASE = "bench-passphrase";

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
const passphraseEnv = { KINTONE_PFX_FILE_PASSWORD: PASSPHRASE };
const ours = (pfx) => [["dist/cli/main.js", ...common, "--ssl-client-pfx", pfx], passphraseEnv];
const commands = {
  newman: [
    ["node_modules/newman/bin/newman.js", ...common, "--ssl-client-cert-list", certificateList],
  ],
  ours: ours(stub.pfxPath),
  library: [
    [
      "bench/newman-library.mjs",
      collectionPath,
      environmentPath,
      stub.caCertPath,
      stub.pfxPath,
      matchPatternFor(stub.url),
    ],
    passphraseEnv,
  ],
};

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

const row = (label, { wallMs, cpuMs, peakMiB }) =>
  console.log(
    `  ${label.padEnd(38)} ${format(wallMs, 0).padStart(6)} ms ${format(cpuMs, 0).padStart(6)} ms ${format(peakMiB, 0).padStart(5)} MiB`,
  );

try {
  await alternate({ ...commands, legacy: ours(legacyPfx) }, 1); // warm the file cache and the stub
  const m = await alternate(commands, ROUNDS);
  console.log(
    `run: the Smoke folder (7 requests) over mutual TLS, ${ROUNDS} alternating rounds, medians (${loadLine()})`,
  );
  console.log(`  ${"".padEnd(38)}   wall    CPU   peak RSS`);
  row("newman run --ssl-client-cert-list", m.newman);
  row("kintone-postman run --ssl-client-pfx", m.ours);
  row("Newman as a library, nothing else", m.library);
  const ratio = (name, key) => format(m[name][key] / m.newman[key], 3).padStart(9);
  console.log(
    `  ${"ours / newman".padEnd(38)} ${ratio("ours", "wallMs")} ${ratio("ours", "cpuMs")}        (goal: wall ≤ 0.90)`,
  );
  console.log(
    `  ${"library / newman (the floor)".padEnd(38)} ${ratio("library", "wallMs")} ${ratio("library", "cpuMs")}`,
  );

  if (process.env.BENCH_LEGACY !== "0") {
    const legacy = await alternate({ modern: ours(stub.pfxPath), legacy: ours(legacyPfx) }, ROUNDS);
    const open = { modern: [], legacy: [] };
    for (let round = 0; round < ROUNDS; round++) {
      open.modern.push(await reencodingMs(stub.pfxPath));
      open.legacy.push(await reencodingMs(legacyPfx));
    }
    const [modernOpen, legacyOpen] = [median(open.modern), median(open.legacy)];
    console.log(`legacy (RC2-40) pfx, ${ROUNDS} alternating rounds:`);
    row("kintone-postman run, modern pfx", legacy.modern);
    row("kintone-postman run, legacy pfx", legacy.legacy);
    console.log(
      `  added end to end                       ${format(legacy.legacy.wallMs - legacy.modern.wallMs, 0).padStart(6)} ms`,
    );
    console.log(
      `  re-encoding alone (open + files)       ${format(legacyOpen - modernOpen, 0).padStart(6)} ms ` +
        `(legacy ${format(legacyOpen, 0)} ms, modern ${format(modernOpen, 0)} ms; goal ≤ 150)`,
    );
  }
} finally {
  await stub.close();
  rmSync(work, { recursive: true, force: true });
}
