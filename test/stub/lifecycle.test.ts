import { existsSync, readdirSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startStub } from "../../src/stub/index.js";
import { sharedCertificates } from "../helpers/certificates.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";
import { asUser, call, startError } from "./helpers.js";

/** What the stub leaves on disk and keeps in memory over its life. */
const tmp = tempDirAllTests("kintone-stub-lifecycle-");

/** A folder holding the shared certificates, for starts whose subject is not making them. */
async function withCertificates(name: string): Promise<string> {
  const folder = join(tmp.path, name);
  await cp(sharedCertificates().dir, folder, { recursive: true });
  return folder;
}

/** Runs `action` with os.tmpdir() pointing at a private folder, and lists what it left there. */
async function leftInTmpdir(action: () => Promise<unknown>): Promise<string[]> {
  const folder = await mkdtemp(join(tmp.path, "tmpdir-"));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = folder;
  try {
    await action();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  return readdirSync(folder);
}

describe("the stub's folder", () => {
  it("removes the temporary folder it made, certificates and keys included, when it stops", async () => {
    const left = await leftInTmpdir(async () => {
      const stub = await startStub();
      expect(existsSync(join(stub.dir, "ca.key"))).toBe(true);
      await stub.close();
    });
    expect(left).toEqual([]);
  });

  it("removes the temporary folder it made when it fails to start", async () => {
    const left = await leftInTmpdir(async () => {
      const taken = await startStub({ dir: await withCertificates("taken") });
      try {
        await startError({ port: taken.port });
      } finally {
        await taken.close();
      }
    });
    expect(left).toEqual([]);
  });

  it("keeps a folder it was given, for the next start to reuse", async () => {
    const given = join(tmp.path, "given");
    const stub = await startStub({ dir: given });
    await stub.close();
    expect(readdirSync(given).sort()).toEqual([
      "ca.crt",
      "ca.key",
      "client.pfx",
      "client.pfx.passphrase",
      "server.crt",
      "server.key",
    ]);
  });

  it("names a folder that is a file, or lies below one", async () => {
    const file = join(tmp.path, "a-file");
    await writeFile(file, "");
    expect((await startError({ dir: file })).message).toBe(
      `cannot keep the certificates in ${file}: it is a file, not a folder`,
    );
    expect((await startError({ dir: join(file, "below") })).message).toBe(
      `cannot keep the certificates in ${join(file, "below")}: a file is in its path`,
    );
  });

  // root writes anywhere, so only another user can see the refusal.
  it.skipIf(process.getuid?.() === 0)("names a folder it may not write to", async () => {
    const locked = join(tmp.path, "locked");
    await mkdir(locked, { mode: 0o500 });
    try {
      expect((await startError({ dir: locked })).message).toBe(
        `cannot keep the certificates in ${locked}: permission denied`,
      );
    } finally {
      await chmod(locked, 0o700);
    }
  });
});

describe("request recording", () => {
  it("keeps nothing unless asked, and every request when asked", async () => {
    const folder = await withCertificates("plain");
    const plain = await startStub({ dir: folder });
    const recording = await startStub({ dir: folder, recordRequests: true });
    try {
      for (const stub of [plain, recording]) {
        const response = await call(stub, "GET", "/k/v1/app.json?id=1", { headers: asUser() });
        expect(response.status).toBe(200);
      }
      expect(plain.requests).toEqual([]);
      expect(recording.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
        "GET /k/v1/app.json?id=1",
      ]);
    } finally {
      await Promise.all([plain.close(), recording.close()]);
    }
  });
});
