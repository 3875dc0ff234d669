import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generate } from "../../src/generate/index.js";
import type { RunOptions } from "../../src/runner/options.js";
import { startStub, type PfxEncoding, type RunningStub } from "../../src/stub/index.js";
import { PASSPHRASE, certificatesCopy, clientPfxIn } from "../helpers/certificates.js";

export { PASSPHRASE };

/** Seed values of the stub (see src/stub/seed/default-seed.ts). */
export const seed = {
  admin: { username: "Administrator", password: "stub-password" },
  /** A non-ASCII login and password: the headers must carry them as UTF-8. */
  sato: { username: "sato", password: "パスワード" },
  app1Token: "stub-token-app1",
  app2Token: "stub-token-app2",
  guestSpace: { id: "1", app: "3", token: "stub-token-app3" },
  oauthToken: "stub-oauth-token",
} as const;

export interface StubFixture {
  stub: RunningStub;
  /** Client certificates signed by the stub's CA, one per encoding, under PASSPHRASE. */
  pfx: Record<PfxEncoding, string>;
  dir: string;
  collectionPath: string;
  environmentPath: string;
  close(): Promise<void>;
}

/**
 * A kintone stub behind Secure Access on the run's shared certificates, a client certificate in
 * each encoding, and a collection generated for it (no secrets in the environment: each test
 * brings its credentials).
 */
export async function startStubFixture(
  stubOptions: Parameters<typeof startStub>[0] = {},
): Promise<StubFixture> {
  const dir = await certificatesCopy();
  const stub = await startStub({
    port: 0,
    secureAccess: true,
    dir,
    recordRequests: true,
    ...stubOptions,
  });
  const generated = await generate({ baseUrl: stub.url, out: dir, name: "kintone" });
  return {
    stub,
    pfx: clientPfxIn(dir),
    dir,
    collectionPath: generated.collectionPath,
    environmentPath: generated.environmentPath,
    close: async () => {
      await stub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The fixture's environment with some values set, in a file of its own beside it. */
export async function environmentWith(
  fixture: StubFixture,
  values: Record<string, string>,
  name: string,
): Promise<string> {
  const environment = JSON.parse(await readFile(fixture.environmentPath, "utf8")) as {
    values: { key: string; value: string }[];
  };
  for (const variable of environment.values) {
    const value = values[variable.key];
    if (value !== undefined) variable.value = value;
  }
  const path = join(fixture.dir, `${name}.postman_environment.json`);
  await writeFile(path, JSON.stringify(environment));
  return path;
}

/**
 * `run` options for the fixture's collection: app 1 by its API token, the AES client certificate,
 * the stub's CA, no reporter, summary lines into `lines`. Tests spread their own over these.
 */
export function fixtureRunOptions(fixture: StubFixture, lines: string[] = []): RunOptions {
  return {
    collection: fixture.collectionPath,
    connection: { appId: "1", apiTokens: [seed.app1Token] },
    tls: {
      pfxFilePath: fixture.pfx.aes,
      pfxFilePassword: PASSPHRASE,
      sslExtraCaCerts: fixture.stub.caCertPath,
    },
    reporters: [],
    print: (line) => lines.push(line),
  };
}
