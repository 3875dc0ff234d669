import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { makeTestCertificates } from "./helpers/certificates.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder of test certificates made once per run: see helpers/certificates.ts. */
    certificatesDir: string;
  }
}

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Before the e2e tests: dist/ built (CLI tests run the JavaScript users get) and one set of test
 * certificates that every test shares, made while tsc runs. Both go when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "kintone-postman-test-certificates-"));
  await Promise.all([buildWhenStale(), makeTestCertificates(dir)]);
  project.provide("certificatesDir", dir);
  return () => rm(dir, { recursive: true, force: true });
}

/**
 * tsc only when a source is newer than dist/cli/main.js (tsc rewrites every output, so that one
 * file dates the whole build). `npm ci` builds through `prepare`, so CI never builds twice. Type
 * errors are the typecheck step's business (tsc still emits); only a missing CLI stops the tests.
 */
async function buildWhenStale(): Promise<void> {
  const cli = join(root, "dist/cli/main.js");
  if (existsSync(cli) && newestInput() <= statSync(cli).mtimeMs) return;
  const output = await new Promise<string>((resolve, reject) => {
    // The build script is the one home of how dist/ is built (which compiler, which config).
    const tsc = spawn("npm", ["run", "--silent", "build"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    tsc.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    tsc.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
    tsc.on("error", reject);
    tsc.on("close", () => resolve(text));
  });
  if (!existsSync(cli)) throw new Error(`build failed:\n${output}`);
}

function newestInput(): number {
  const files = [
    "package.json",
    "tsconfig.json",
    "tsconfig.build.json",
    ...readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).map((file) =>
      join("src", file),
    ),
  ];
  return Math.max(...files.map((file) => statSync(join(root, file)).mtimeMs));
}
