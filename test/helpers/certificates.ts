import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, inject } from "vitest";
import {
  startStub,
  writeClientPfx,
  type PfxEncoding,
  type RunningStub,
  type StubOptions,
} from "../../src/stub/index.js";
import { prepareCertificates } from "../../src/stub/tls/prepare.js";
import { tempDirAllTests } from "./temp-dir.js";

/** The passphrase of the shared client certificates; non-ASCII, as users' often are. */
export const PASSPHRASE = "pfx-passphrase-ü";

const ENCODINGS = ["aes", "3des", "legacy"] as const satisfies readonly PfxEncoding[];

/**
 * The stub's CA, server certificate and client.pfx (the stub's own names, with a generated
 * passphrase saved beside it), and a client certificate in each encoding under PASSPHRASE. Made
 * once per run by the global setup: RSA keys are the slow part of a stub's first start.
 */
export async function makeTestCertificates(dir: string): Promise<void> {
  await prepareCertificates(dir, "127.0.0.1", {});
  await Promise.all(
    ENCODINGS.map((encoding) =>
      writeClientPfx(dir, { encoding, passphrase: PASSPHRASE, fileName: `${encoding}.pfx` }),
    ),
  );
}

/** The client certificates in a folder of test certificates (or a copy of one), by encoding. */
export function clientPfxIn(dir: string): Record<PfxEncoding, string> {
  const pfx = Object.fromEntries(ENCODINGS.map((e) => [e, join(dir, `${e}.pfx`)]));
  return pfx as Record<PfxEncoding, string>;
}

/** The run's shared certificates, read-only: a test that writes files copies them first. */
export function sharedCertificates(): { dir: string; pfx: Record<PfxEncoding, string> } {
  const dir = inject("certificatesDir");
  return { dir, pfx: clientPfxIn(dir) };
}

/** A new temporary folder holding a copy of the shared certificates. */
export async function certificatesCopy(prefix = "kintone-postman-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(sharedCertificates().dir, dir, { recursive: true });
  return dir;
}

/** Like `tempDirAllTests`, with a copy of the shared certificates in the folder from the start. */
export function certificatesDirAllTests(prefix: string): { readonly path: string } {
  const dir = tempDirAllTests(prefix);
  beforeAll(() => cp(sharedCertificates().dir, dir.path, { recursive: true }));
  return dir;
}

/**
 * A stub on the shared certificates (the stub reuses what it finds in its folder), in a folder of
 * its own that `close()` removes. For tests whose subject is not how the stub makes certificates.
 */
export async function startTestStub(options: Omit<StubOptions, "dir"> = {}): Promise<RunningStub> {
  const dir = await certificatesCopy("kintone-stub-test-");
  const stub = await startStub({ ...options, dir }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...stub,
    close: async () => {
      try {
        await stub.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
