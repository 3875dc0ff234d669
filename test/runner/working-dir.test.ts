import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/runner/run.js";
import type { RunOptions } from "../../src/runner/options.js";
import { PASSPHRASE, seed, startStubFixture, type StubFixture } from "./stub-fixture.js";

let fixture: StubFixture;
beforeAll(async () => {
  fixture = await startStubFixture();
});
afterAll(() => fixture.close());

/** Upload file alone, from the generated collection, wherever the tests run from. */
function upload(overrides: Partial<RunOptions> = {}) {
  return run({
    collection: fixture.collectionPath,
    connection: { appId: "1", apiTokens: [seed.app1Token] },
    tls: {
      pfxFilePath: fixture.pfx.aes,
      pfxFilePassword: PASSPHRASE,
      sslExtraCaCerts: fixture.stub.caCertPath,
    },
    folders: ["Upload file"],
    reporters: [],
    print: () => undefined,
    ...overrides,
  });
}

const lastUpload = () =>
  fixture.stub.requests.filter((request) => request.url === "/k/v1/file.json").at(-1);

describe("run: files the requests send", () => {
  it("finds Upload file's sample beside the collection, from another working folder", async () => {
    expect(process.cwd()).not.toBe(fixture.dir);
    const result = await upload();
    expect(result.exitCode).toBe(0);
    expect(lastUpload()?.body.toString()).toContain('filename="kintone-upload-sample.txt"');
  });

  it("takes --working-dir instead; without the sample there the upload is refused", async () => {
    const empty = await mkdtemp(join(tmpdir(), "kintone-postman-empty-"));
    try {
      const result = await upload({ workingDir: empty });
      expect(result.exitCode).toBe(1);
      expect([...result.findings.kintoneErrors.keys()]).toEqual(["CB_VA01"]);
      expect(lastUpload()?.body.toString()).not.toContain("kintone-upload-sample.txt");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
