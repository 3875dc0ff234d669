import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_OUT_DIR } from "../files/names.js";
import { generate } from "../generate/index.js";
import type { ColorChoice } from "../runner/colors.js";
import { run, type RunResult } from "../runner/run.js";
import { startStub, type RunningStub } from "../stub/index.js";
import { withCleanUpOnStop } from "../process/signals.js";

/** A user of the stub's built-in seed; the demo's data is local and made up. */
const DEMO_USER = { login: "Administrator", password: "stub-password" } as const;
const DEMO_APP = "1";

/**
 * The whole product on one machine: a local kintone with Secure Access, a collection generated
 * for it, and its Smoke folder run through Newman with the stub's client certificate. Everything
 * lives in a temporary folder that is removed at the end, also when the stub fails to start or
 * the demo is stopped with Ctrl-C.
 */
export async function runDemo(
  options: { print?: (line: string) => void; reporters?: string[]; color?: ColorChoice } = {},
): Promise<RunResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const workDir = await mkdtemp(join(tmpdir(), "kintone-postman-demo-"));
  let stub: RunningStub | undefined;
  try {
    return await withCleanUpOnStop(
      // Files may still be landing in the folder as the signal arrives: retry a non-empty one.
      () => rmSync(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }),
      async () => {
        stub = await startStub({ secureAccess: true, dir: join(workDir, "stub") });
        return demo(stub, workDir, print, options);
      },
    );
  } finally {
    await stub?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function demo(
  stub: RunningStub,
  workDir: string,
  print: (line: string) => void,
  options: { reporters?: string[]; color?: ColorChoice },
): Promise<RunResult> {
  print(`1. kintone stub with Secure Access on ${stub.url}`);
  const files = await generate({
    out: join(workDir, DEFAULT_OUT_DIR),
    name: "kintone-demo",
    baseUrl: stub.url,
    pfxFilePath: stub.pfxPath,
  });
  print(`2. generated ${files.collectionPath}`);
  print(`3. running the Smoke folder through Newman with ${stub.pfxPath}`);
  return run({
    collection: files.collectionPath,
    connection: { username: DEMO_USER.login, password: DEMO_USER.password, appId: DEMO_APP },
    tls: {
      pfxFilePath: stub.pfxPath,
      pfxFilePassword: stub.pfxPassphrase,
      sslExtraCaCerts: stub.caCertPath,
    },
    reporters: options.reporters,
    color: options.color,
    print,
  });
}
