import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/runner/run.js";
import type { RunOptions } from "../../src/runner/options.js";
import { tempDirEachTest } from "../helpers/temp-dir.js";
import {
  PASSPHRASE,
  fixtureRunOptions,
  startStubFixture,
  type StubFixture,
} from "./stub-fixture.js";

let fixture: StubFixture;
beforeAll(async () => {
  fixture = await startStubFixture();
});
afterAll(() => fixture.close());

/** Upload file alone, from the generated collection, wherever the tests run from. */
function upload(overrides: Partial<RunOptions> = {}) {
  return run({ ...fixtureRunOptions(fixture), folders: ["Upload file"], ...overrides });
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

  const empty = tempDirEachTest("kintone-postman-empty-");

  it("takes --working-dir instead; without the sample there the upload is refused", async () => {
    const result = await upload({ workingDir: empty.path });
    expect(result.exitCode).toBe(1);
    expect([...result.findings.kintoneErrors.keys()]).toEqual(["CB_VA01"]);
    expect(lastUpload()?.body.toString()).not.toContain("kintone-upload-sample.txt");
  });
});

describe("run: paths given on the command line", () => {
  // `run` moves Newman's working directory to the collection's folder. Newman resolves the files a
  // request uploads from there, but reads certificates from the current folder (its file resolver
  // passes readFile through): relative certificate paths keep meaning the current folder. The
  // collection sits deeper than the current folder, so one relative path cannot mean both.
  let deepCollection: string;
  beforeAll(async () => {
    const deep = join(fixture.dir, "a", "b", "c", "d");
    await mkdir(deep, { recursive: true });
    deepCollection = join(deep, basename(fixture.collectionPath));
    await copyFile(fixture.collectionPath, deepCollection);
    const sample = join(dirname(fixture.collectionPath), "kintone-upload-sample.txt");
    await copyFile(sample, join(deep, basename(sample)));
  });
  it("reads a relative --ssl-extra-ca-certs and a relative pfx from the current folder", async () => {
    const here = (path: string) => relative(process.cwd(), path);
    const result = await upload({
      collection: deepCollection,
      tls: {
        pfxFilePath: here(fixture.pfx.aes),
        pfxFilePassword: PASSPHRASE,
        sslExtraCaCerts: here(fixture.stub.caCertPath),
      },
    });
    expect(result.exitCode).toBe(0);
  });

  it("reads the files of a certificate list relative to the current folder", async () => {
    const list = join(fixture.dir, "relative-list.json");
    await writeFile(
      list,
      JSON.stringify([
        {
          name: "stub",
          matches: [`${fixture.stub.url}/*`],
          pfx: { src: relative(process.cwd(), fixture.pfx.aes) },
          passphrase: PASSPHRASE,
        },
      ]),
    );
    const result = await upload({
      collection: deepCollection,
      tls: { sslClientCertList: list, sslExtraCaCerts: fixture.stub.caCertPath },
    });
    expect(result.exitCode).toBe(0);
  });
});
