// Runs package.json scripts at the same time; exits with the first failure's code. The first
// script prints as it goes; the others' output is held and printed whole, in order, at the end.
// `npm test` runs vitest beside its single-threaded checks (tsc, ESLint, Prettier) this way: on
// two cores each fills the time the others leave a core idle. Commands are read from
// package.json, their one home.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";

const { scripts } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const names = process.argv.slice(2);
const unknown = names.find((name) => scripts[name] === undefined);
if (unknown !== undefined) throw new Error(`package.json has no script "${unknown}"`);

// As npm runs scripts: the project's own tools first on the PATH.
const bin = fileURLToPath(new URL("../node_modules/.bin", import.meta.url));
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };

const started = Date.now();
const results = await Promise.all(names.map((name, index) => run(name, index === 0)));
let exitCode = 0;
for (const { name, code, output, seconds } of results) {
  process.stdout.write(`> ${name} (${seconds} s${code === 0 ? "" : `, exit ${code}`})\n${output}`);
  if (code !== 0 && exitCode === 0) exitCode = code;
}
process.stdout.write(`${names.join(", ")}: ${secondsSince(started)} s\n`);
process.exitCode = exitCode;

function run(name, live) {
  return new Promise((resolve) => {
    const begin = Date.now();
    const child = spawn(scripts[name], {
      shell: true,
      stdio: live ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
      env,
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("close", (code) =>
      resolve({ name, code: code ?? 1, output, seconds: secondsSince(begin) }),
    );
  });
}

function secondsSince(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}
