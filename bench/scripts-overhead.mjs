// Per-request cost of the collection's scripts: Newman sends the same Smoke request 300 times,
// with the generated collection's scripts and without them, in alternating rounds. Two servers:
// a bare HTTP echo on 127.0.0.1 (nothing but Newman's own cost, the harshest ratio) and the
// kintone stub over mutual TLS (what a Secure Access run looks like). Goal: our scripts' own cost,
// above what Newman spends on any script run, stays ≤ 1 ms per request. Run `npm run build`
// first; `npm run bench:scripts` does both.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import newman from "newman";
import { generate } from "../dist/generate/index.js";
import { KintoneHeader } from "../dist/kintone/headers.js";
import { startStub } from "../dist/stub/index.js";
import { format, median } from "./stats.mjs";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-"));
const { collectionPath } = await generate({ out, name: "bench" });
const generated = JSON.parse(readFileSync(collectionPath, "utf8"));
rmSync(out, { recursive: true, force: true });

// The Smoke folder's first request (Get app): with the collection's scripts, without any, and
// with one-statement scripts on the same events — Newman's fixed cost per script event, which
// no script can go below. The request carries its API token itself, so that all three send the
// same request and get the same answer (the pre-request script sets the same header again):
// unsigned, the stub would answer a short 401 at less cost, counted against our scripts.
const smoke = generated.item[0];
const getApp = smoke.item[0];
const signedGetApp = {
  ...getApp,
  request: {
    ...getApp.request,
    header: [
      ...(getApp.request.header ?? []),
      { key: KintoneHeader.apiToken, value: "{{apiToken}}" },
    ],
  },
};
const withScripts = { ...generated, item: [{ ...smoke, item: [signedGetApp] }] };
const withoutScripts = { ...withScripts, event: [] };
const withEmptyScripts = {
  ...withScripts,
  event: withScripts.event.map((event) => ({
    ...event,
    script: { ...event.script, exec: ["void 0;"] },
  })),
};

function run(collection, target) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    newman.run(
      {
        collection,
        iterationCount: REQUESTS,
        envVar: [
          { key: "baseUrl", value: target.url },
          { key: "apiToken", value: target.apiToken },
          { key: "appId", value: "1" },
        ],
        ...target.newmanOptions,
      },
      (error, summary) => {
        if (error) return reject(error);
        if (summary.run.failures.length > 0) {
          return reject(new Error(summary.run.failures[0].error.message));
        }
        const codes = new Set(summary.run.executions.map((execution) => execution.response?.code));
        if (codes.size !== 1 || !codes.has(200)) {
          return reject(new Error(`every request must be answered 200, not ${[...codes]}`));
        }
        const cpu = process.cpuUsage(cpuStarted);
        resolve({
          wallMs: (performance.now() - started) / REQUESTS,
          cpuMs: (cpu.user + cpu.system) / 1000 / REQUESTS,
        });
      },
    );
  });
}

async function measure(label, target) {
  await run(withScripts, target); // warm up the sandbox and the connection
  const samples = { plain: [], empty: [], scripted: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with another variant, so none always runs right after the same other.
    const order = ["plain", "empty", "scripted"];
    for (let i = 0; i < order.length; i++) {
      const variant = order[(round + i) % order.length];
      const collection = { plain: withoutScripts, empty: withEmptyScripts, scripted: withScripts };
      samples[variant].push(await run(collection[variant], target));
    }
  }
  // CPU time (this process: Newman, and the server when it runs here too, the same for every
  // variant) is the steadier figure when other work shares the machine; wall time follows.
  const m = (variant, key) => median(samples[variant].map((sample) => sample[key]));
  const line = (name, variant) =>
    `  ${name.padEnd(22)} ${format(m(variant, "cpuMs"), 2)} ms CPU, ${format(m(variant, "wallMs"), 2)} ms wall per request`;
  console.log(label);
  console.log(line("without scripts", "plain"));
  console.log(line("one-statement scripts", "empty"));
  console.log(line("the collection's", "scripted"));
  const own = (key) => format(m("scripted", key) - m("empty", key), 2);
  console.log(
    `  our scripts' own cost  ${own("cpuMs")} ms CPU, ${own("wallMs")} ms wall per request, above Newman's fixed cost per script run (goal ≤ 1 ms)`,
  );
}

console.log(`Newman, ${REQUESTS} requests a run, median of ${ROUNDS} alternating rounds`);

const echo = createServer((request, response) => {
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end('{"appId":"1"}');
});
await new Promise((resolve) => echo.listen(0, "127.0.0.1", resolve));
await measure("bare HTTP server", {
  url: `http://127.0.0.1:${echo.address().port}`,
  apiToken: "bench-token",
});
echo.close();

const stub = await startStub({ secureAccess: true });
await measure("kintone stub, Secure Access (mutual TLS)", {
  url: stub.url,
  apiToken: "stub-token-app1",
  newmanOptions: {
    sslClientCertList: [
      {
        name: "stub",
        matches: [`${stub.url}/*`],
        pfx: { src: stub.pfxPath },
        passphrase: stub.pfxPassphrase,
      },
    ],
    sslExtraCaCerts: stub.caCertPath,
  },
});
// close() removes the temporary folder the stub made for its certificates.
await stub.close();
