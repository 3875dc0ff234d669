// Per-request cost of the collection's scripts: Newman sends the same request 300 times to a
// local server, with the generated collection's scripts and without them. Goal: the scripts add
// at most 30%. Run `npm run build` first; `npm run bench:scripts` does both.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import newman from "newman";
import { generate } from "../dist/generate/index.js";
import { format, median } from "./stats.mjs";

const REQUESTS = 300;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const server = createServer((request, response) => {
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end('{"appId":"1"}');
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-"));
const { collectionPath } = await generate({ out, name: "bench", baseUrl });
const generated = JSON.parse(readFileSync(collectionPath, "utf8"));
rmSync(out, { recursive: true, force: true });

// One Smoke request, repeated, with and without the collection's scripts.
const smoke = generated.item[0];
const withScripts = { ...generated, item: [{ ...smoke, item: [smoke.item[0]] }] };
const withoutScripts = { ...withScripts, event: [] };

function run(collection) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    newman.run(
      {
        collection,
        iterationCount: REQUESTS,
        envVar: [
          { key: "apiToken", value: "bench-token" },
          { key: "appId", value: "1" },
        ],
      },
      (error, summary) => {
        if (error) return reject(error);
        if (summary.run.failures.length > 0) {
          return reject(new Error(summary.run.failures[0].error.message));
        }
        resolve((performance.now() - started) / REQUESTS);
      },
    );
  });
}

await run(withScripts); // warm up the sandbox and the connection
const plain = [];
const scripted = [];
for (let round = 0; round < ROUNDS; round++) {
  plain.push(await run(withoutScripts));
  scripted.push(await run(withScripts));
}
server.close();

const plainMs = median(plain);
const scriptedMs = median(scripted);
console.log(
  `Newman, ${REQUESTS} requests to a local server, median of ${ROUNDS} alternating rounds`,
);
console.log(`  without scripts  ${format(plainMs, 2)} ms/request`);
console.log(`  with scripts     ${format(scriptedMs, 2)} ms/request`);
console.log(`  scripts add      ${format((scriptedMs / plainMs - 1) * 100)}% (goal: at most 30%)`);
