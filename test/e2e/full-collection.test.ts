import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateResult } from "../../src/generate/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import type { RunningStub } from "../../src/stub/index.js";
import { startTestStub } from "../helpers/certificates.js";
import { tempDirAllTests } from "../helpers/temp-dir.js";
import { failures, newmanRun } from "../helpers/newman.js";

let stub: RunningStub;
let files: GenerateResult;
const out = tempDirAllTests("kintone-postman-full-");

beforeAll(async () => {
  stub = await startTestStub({ secureAccess: true, recordRequests: true });
  files = await generate({ out: out.path, name: "full", baseUrl: stub.url });
});
afterAll(async () => {
  await stub?.close();
});

/** Values a user would fill in, taken from the stub's built-in data. */
const environment = {
  username: "Administrator",
  password: "stub-password",
  appId: "1",
  recordId: "1",
  targetAppId: "2",
  spaceId: "2",
  userCode: "sato",
  guestUserCode: "new-guest@example.com",
  fileKey: defaultSeed.files![0]!.fileKey,
  pluginId: defaultSeed.plugins![0]!.id,
  searchKeyword: "Hello",
};

describe("the whole collection", () => {
  it("runs green, every request in order, against the stub over Secure Access", async () => {
    const summary = await newmanRun({
      collection: files.collectionPath,
      environment: files.environmentPath,
      envVar: Object.entries(environment).map(([key, value]) => ({ key, value })),
      sslClientCertList: certificateList(),
      sslExtraCaCerts: stub.caCertPath,
      // As `kintone-postman run` does: Upload file's sample sits beside the collection.
      workingDir: out.path,
    });
    expect(failures(summary)).toEqual([]);
    // 7 Smoke + 103 operations, less the one that runs only in a guest space (skipped here).
    expect(summary.run.stats.requests.total).toBe(109);
    // Delete records removed only the record that Add records created, not recordId.
    const added = summary.run.executions.find((e) => e.item.name === "Add records");
    const newIds = JSON.parse(added!.response.stream!.toString()).ids as string[];
    const deleted = stub.requests.find(
      (request) => request.method === "DELETE" && request.url.startsWith("/k/v1/records.json"),
    );
    expect(deleted?.url).toBe(`/k/v1/records.json?app=1&ids[0]=${newIds[0]}`);
    expect(newIds[0]).not.toBe(environment.recordId);
    // Upload file sent the named sample `generate` wrote, not an empty nameless part.
    const upload = stub.requests.find((request) => request.url === "/k/v1/file.json");
    expect(upload?.body.toString()).toContain('filename="kintone-upload-sample.txt"');
    expect(upload?.body.toString()).toContain("A sample file from kintone-postman");
    // Update status named the assignee the next status needs.
    const status = stub.requests.find((request) => request.url === "/k/v1/record/status.json");
    expect(JSON.parse(status!.body.toString())).toMatchObject({
      action: "Start",
      assignee: "sato",
    });
  });

  it("sends the guest-only request to the guest space once guestSpaceId is set", async () => {
    const from = stub.requests.length;
    const summary = await newmanRun({
      collection: files.collectionPath,
      environment: files.environmentPath,
      envVar: Object.entries({
        ...environment,
        guestSpaceId: "1",
        guestUserCode: "guest@example.com",
      }).map(([key, value]) => ({ key, value })),
      folder: "Update space guests",
      sslClientCertList: certificateList(),
      sslExtraCaCerts: stub.caCertPath,
    });
    expect(failures(summary)).toEqual([]);
    const sent = stub.requests.slice(from);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual([
      "PUT /k/guest/1/v1/space/guests.json",
    ]);
    expect(JSON.parse(sent[0]!.body.toString())).toEqual({
      id: "1",
      guests: ["guest@example.com"],
    });
  });
});

function certificateList() {
  return [
    {
      name: "stub",
      matches: [`${stub.url}/*`],
      pfx: { src: stub.pfxPath },
      passphrase: stub.pfxPassphrase,
    },
  ];
}
