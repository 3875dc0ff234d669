// What the app folders' data costs a run: `kintone-postman run` of the same 10 app folders (reads,
// writes, round trip: every request a folder of `generate --app` holds) from a collection
// generated for those 10 apps and from one generated for 50, against the stub. Whole processes,
// alternating, medians of wall time, CPU time and peak memory. Goal: the 40 apps the run does not
// touch cost it (next to) nothing. Run `npm run build` first (`npm run bench:app-folders`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../dist/generate/index.js";
import { APPS, FIELDS, apps, appIds, login, startAppsStub } from "./bench-apps.mjs";
import { alternate, loadLine } from "./measure.mjs";
import { format } from "./stats.mjs";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const RUN = 10;

const stub = await startAppsStub();
const work = mkdtempSync(join(tmpdir(), "kintone-postman-bench-run-apps-"));
try {
  const connection = { baseUrl: stub.url, sslExtraCaCerts: stub.caCertPath, ...login };
  const collections = {};
  for (const count of [RUN, APPS]) {
    const { collectionPath } = await generate({
      ...connection,
      out: join(work, String(count)),
      name: "bench",
      apps: appIds(count),
    });
    collections[count] = collectionPath;
  }
  const folders = apps.slice(0, RUN).flatMap((app) => ["--folder", `App ${app.id} · ${app.name}`]);
  const command = (collection) => [
    [
      "dist/cli/main.js",
      "run",
      collection,
      ...folders,
      "--ssl-extra-ca-certs",
      stub.caCertPath,
      "--env-var",
      `userCode=${login.username}`,
      "--silent",
    ],
    { KINTONE_USERNAME: login.username, KINTONE_PASSWORD: login.password },
  ];
  const results = await alternate(
    {
      [`${RUN} of ${RUN} apps`]: command(collections[RUN]),
      [`${RUN} of ${APPS} apps`]: command(collections[APPS]),
    },
    ROUNDS,
  );
  console.log(
    `run of ${RUN} app folders (${FIELDS} fields each), ${ROUNDS} alternating rounds (medians, whole process)`,
  );
  for (const [name, { wallMs, cpuMs, peakMiB }] of Object.entries(results)) {
    console.log(
      `  ${name} collection: wall time ${format(wallMs)} ms, CPU ${format(cpuMs)} ms, peak RSS ${format(peakMiB)} MiB`,
    );
  }
  const [small, large] = Object.values(results);
  console.log(
    `  ${APPS}-app collection / ${RUN}-app one: wall time ×${(large.wallMs / small.wallMs).toFixed(2)}, CPU ×${(large.cpuMs / small.cpuMs).toFixed(2)}`,
  );
  console.log(`  ${loadLine()}`);
} finally {
  stub.close();
  rmSync(work, { recursive: true, force: true });
}
