// `kintone-postman generate` side by side with openapi2postmanv2 (Postman's own converter) on
// kintone's OpenAPI description, and with `node -e 0`, Node's own start-up: whole processes,
// alternating, medians of wall time, CPU time and peak memory. Goals: generate ≤ 0.25 × the
// converter's wall time, and ≤ 120 ms above `node -e 0`. Run `npm run build` first;
// `npm run bench:generate` does both.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { alternate, loadLine } from "./measure.mjs";
import { format } from "./stats.mjs";

const ROUNDS = Number(process.env.BENCH_RUNS ?? 12);
const spec = fileURLToPath(
  new URL("../../shared/kintone-rest-api-spec/openapi.yaml", import.meta.url),
);
const out = mkdtempSync(join(tmpdir(), "kintone-postman-bench-"));

const commands = {
  node: [["-e", "0"]],
  generate: [["dist/cli/main.js", "generate", "--out", out]],
};
if (existsSync(spec)) {
  const converter = "node_modules/openapi-to-postmanv2/bin/openapi2postmanv2.js";
  commands.converter = [[converter, "-s", spec, "-o", join(out, "converted.json"), "-p"]];
} else {
  console.log(`(no ${spec}: openapi2postmanv2 is left out)`);
}

try {
  const m = await alternate(commands, ROUNDS);
  const row = (label, { wallMs, cpuMs, peakMiB }) =>
    console.log(
      `  ${label.padEnd(38)} ${format(wallMs, 0).padStart(6)} ms ${format(cpuMs, 0).padStart(6)} ms ${format(peakMiB, 0).padStart(5)} MiB`,
    );
  console.log(`generate, ${ROUNDS} alternating rounds, medians (${loadLine()})`);
  console.log(`  ${"".padEnd(38)}   wall    CPU   peak RSS`);
  row("node -e 0", m.node);
  row("kintone-postman generate", m.generate);
  if (m.converter) row("openapi2postmanv2 (kintone's OpenAPI)", m.converter);
  const above = (key) => format(m.generate[key] - m.node[key], 0);
  console.log(
    `  generate − node -e 0                    ${above("wallMs").padStart(6)} ms ${above("cpuMs").padStart(6)} ms   (goal: wall ≤ 120 ms)`,
  );
  if (m.converter) {
    const ratio = (key) => format(m.generate[key] / m.converter[key], 3);
    console.log(
      `  generate / openapi2postmanv2            ${ratio("wallMs").padStart(9)} ${ratio("cpuMs").padStart(9)}      (goal: wall ≤ 0.25)`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
