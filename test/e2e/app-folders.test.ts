import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sdk from "postman-collection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kintoneClient } from "../../src/apps/client.js";
import { openPfx } from "../../src/certificates/pfx.js";
import { generate, type GenerateResult } from "../../src/generate/index.js";
import { run } from "../../src/runner/run.js";
import {
  startStub,
  writeClientPfx,
  type RunningStub,
  type StubSeed,
} from "../../src/stub/index.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import type { SeedApp } from "../../src/stub/seed/types.js";
import { collectionValidator } from "../helpers/collection-schema.js";
import { sharedFile } from "../helpers/shared.js";
import { asUser, call } from "../stub/helpers.js";

/**
 * `generate --app` against the stub over mutual TLS with a legacy (RC2-40) client certificate and
 * Basic authentication in front, then every app folder and round trip through real Newman (the
 * runner re-encodes the pfx; run's basic-auth options sign every request).
 */
const PASSPHRASE = "legacy-pfx-pass";
const BASIC = { username: "gate", password: "門-pass" };
const basic = { basicAuthUsername: BASIC.username, basicAuthPassword: BASIC.password };
const basicHeader = {
  Authorization: `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString("base64")}`,
};

/**
 * The built-in data, with app 1's second status choosing its assignee among the users of the
 * record's Owner field (FIELD_ENTITY): the status action must name the user the body put there.
 */
function fieldAssigneeSeed(): StubSeed {
  const app = structuredClone(defaultSeed.apps.find((candidate) => candidate.id === 1)!) as SeedApp;
  const doing = app.process!.states[1]!;
  doing.assignees = [{ type: "FIELD_ENTITY", code: "Owner" }];
  doing.assigneeType = "ONE";
  return { ...defaultSeed, apps: defaultSeed.apps.map((a) => (a.id === 1 ? app : a)) };
}
const schema = sharedFile("postman-schemas/collection-v2.1.0.schema.json");

let stub: RunningStub;
let out: string;
/** A modern pfx for the test's own record counts (Node cannot open the legacy one). */
let modernPfx: Buffer;
const tls = () => ({
  pfxFilePath: stub.pfxPath,
  pfxFilePassword: PASSPHRASE,
  sslExtraCaCerts: stub.caCertPath,
});

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "kintone-postman-apps-"));
  stub = await startStub({
    secureAccess: true,
    legacyPfx: true,
    pfxPassphrase: PASSPHRASE,
    dir: join(out, "stub"),
    basicAuth: BASIC,
    seed: fieldAssigneeSeed(),
  });
  modernPfx = await readFile(
    await writeClientPfx(stub.dir, {
      encoding: "aes",
      passphrase: PASSPHRASE,
      fileName: "aes.pfx",
    }),
  );
});
afterAll(async () => {
  await stub?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

async function recordCount(app: number, path = "/k/v1"): Promise<number> {
  const response = await call(stub, "GET", `${path}/records.json?app=${app}&totalCount=true`, {
    headers: { ...asUser(), ...basicHeader },
    agent: { pfx: modernPfx, passphrase: PASSPHRASE },
  });
  return Number(response.json<{ totalCount: string }>().totalCount);
}

async function failedTests(reportPath: string): Promise<string[]> {
  const report = JSON.parse(await readFile(reportPath, "utf8")) as {
    run: { failures: { source?: { name?: string }; error: { test?: string; message: string } }[] };
  };
  return report.run.failures.map((f) => `${f.error.test ?? f.source?.name}: ${f.error.message}`);
}

function validate(collection: object): void {
  if (schema.present) {
    const check = collectionValidator(schema.path);
    expect(check(collection), JSON.stringify(check.errors?.slice(0, 3))).toBe(true);
  }
  // The SDK loads it as Postman would.
  expect(new sdk.Collection(collection as sdk.CollectionDefinition).items.count()).toBeGreaterThan(
    0,
  );
}

let app4: Promise<GenerateResult> | undefined;
/** App 4's collection with the login in its environment, generated once for the tests that run it. */
function app4Files(): Promise<GenerateResult> {
  app4 ??= generate({
    baseUrl: stub.url,
    out,
    name: "app4",
    apps: ["4"],
    username: "Administrator",
    password: "stub-password",
    ...tls(),
    ...basic,
  });
  return app4;
}

describe("generate --app", () => {
  it("builds folders for apps 1, 2 and 4 (several API tokens), and they run green with no record left behind", async () => {
    const progress: string[] = [];
    const files = await generate({
      baseUrl: stub.url,
      out,
      name: "apps",
      apps: ["4", "1,2"],
      apiTokens: ["stub-token-app1", "stub-token-app2", "stub-token-app4"],
      ...tls(),
      ...basic,
      progress: (line) => progress.push(line),
    });
    expect(progress).toEqual([
      expect.stringMatching(/^app 4 案件管理 … \d+ fields$/),
      expect.stringMatching(/^app 1 Customers … \d+ fields$/),
      expect.stringMatching(/^app 2 Orders … \d+ fields$/),
    ]);
    const collection = JSON.parse(await readFile(files.collectionPath, "utf8")) as {
      item: { name: string }[];
    };
    validate(collection);
    expect(collection.item.slice(0, 4).map((item) => item.name)).toEqual([
      "Smoke",
      "App 4 · 案件管理",
      "App 1 · Customers",
      "App 2 · Orders",
    ]);
    const environment = JSON.parse(await readFile(files.environmentPath, "utf8")) as {
      values: { key: string; value: string }[];
    };
    expect(environment.values.find((v) => v.key === "appId")?.value).toBe("4");

    const before = await Promise.all([1, 2, 4].map((app) => recordCount(app)));
    const report = join(out, "apps-report.json");
    const result = await run({
      collection: files.collectionPath,
      folders: ["App 4 · 案件管理", "App 1 · Customers", "App 2 · Orders"],
      connection: { username: "Administrator", password: "stub-password", ...basic },
      tls: tls(),
      envVars: ["userCode=sato"],
      reporters: [],
      reporterJsonExport: report,
      print: () => {},
    });
    expect(await failedTests(report)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.requests.total).toBeGreaterThanOrEqual(50);
    const executions = (
      JSON.parse(await readFile(report, "utf8")) as {
        run: {
          executions: {
            item: { name: string };
            request: { body?: { raw?: string } };
            response?: { code: number };
            assertions?: { assertion: string; error?: unknown }[];
          }[];
        };
      }
    ).run.executions;
    // App 4's required lookup: its key was read from app 1 before each sequence of writes.
    const lookups = executions.filter((e) => e.item.name === "Find lookup key: 顧客メール");
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) {
      expect(lookup.assertions?.map((a) => [a.assertion, a.error])).toContainEqual([
        'lookup "顧客メール": a key from app 1',
        undefined,
      ]);
    }
    // Status actions: app 4 names its first listed user, app 1 the user its Owner field holds.
    const actions = executions.filter((e) => e.item.name === "Run status action");
    expect(actions.map((e) => e.response?.code)).toEqual([200, 200, 200, 200]);
    const assignees = actions.map(
      (e) => (JSON.parse(e.request.body?.raw ?? "{}") as { assignee?: string }).assignee,
    );
    expect(assignees.sort()).toEqual(["Administrator", "Administrator", "sato", "sato"]);
    // The Basic gate is real: the same kintone call without it is turned away.
    const gated = await call(stub, "GET", "/k/v1/app.json?id=1", {
      headers: asUser(),
      agent: { pfx: modernPfx, passphrase: PASSPHRASE },
    });
    expect(gated.status).toBe(401);
    expect(await Promise.all([1, 2, 4].map((app) => recordCount(app)))).toEqual(before);
  }, 120_000);

  it("reads a guest-space app on its guest path, and its folder runs green there", async () => {
    const files = await generate({
      baseUrl: stub.url,
      out,
      name: "guest",
      apps: ["3"],
      guestSpaceId: "1",
      apiTokens: ["stub-token-app3"],
      ...tls(),
      ...basic,
    });
    validate(JSON.parse(await readFile(files.collectionPath, "utf8")) as object);
    const before = await recordCount(3, "/k/guest/1/v1");
    const report = join(out, "guest-report.json");
    const result = await run({
      collection: files.collectionPath,
      folders: ["App 3 · Guest tasks"],
      connection: { apiTokens: ["stub-token-app3"], guestSpaceId: "1", ...basic },
      tls: tls(),
      reporters: [],
      reporterJsonExport: report,
      print: () => {},
    });
    expect(await failedTests(report)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(await recordCount(3, "/k/guest/1/v1")).toBe(before);
  }, 120_000);

  it("runs the app's reads and contract test with `run --app`, and the round trip deletes even after a failed step", async () => {
    const files = await app4Files();
    const report = join(out, "smoke-report.json");
    const smoke = await run({
      collection: files.collectionPath,
      connection: { username: "Administrator", password: "stub-password", appId: "4", ...basic },
      tls: tls(),
      reporters: [],
      reporterJsonExport: report,
      print: () => {},
    });
    expect(smoke.exitCode).toBe(0);
    const executed = JSON.parse(await readFile(report, "utf8")) as {
      run: { executions: { item: { name: string }; assertions?: { assertion: string }[] }[] };
    };
    const names = executed.run.executions.map((e) => e.item.name);
    expect(names).toContain("Get cursor records");
    expect(names).not.toContain("Add record");
    expect(
      executed.run.executions.flatMap((e) => e.assertions ?? []).map((a) => a.assertion),
    ).toContain("form contract: the 36 fields match");

    // The same round trip runs green in the first test (App 4's whole folder, with this login):
    // here an environment value shadows the id the run keeps: read, update, comment and status
    // action address a record that does not exist and fail; the delete, which removes the ids
    // kept from the create's answer, still runs and removes the record.
    const before = await recordCount(4);
    const broken = await run({
      collection: files.collectionPath,
      folders: ["App 4 · round trip"],
      connection: { username: "Administrator", password: "stub-password", ...basic },
      tls: tls(),
      envVars: ["userCode=Administrator", "kintoneRecordId=999999"],
      reporters: [],
      reporterJsonExport: join(out, "round-trip-broken.json"),
      print: () => {},
    });
    expect(broken.exitCode).toBe(1);
    const failures = await failedTests(join(out, "round-trip-broken.json"));
    expect(failures.filter((f) => f.includes("GAIA_RE01")).length).toBeGreaterThanOrEqual(4);
    const brokenReport = JSON.parse(
      await readFile(join(out, "round-trip-broken.json"), "utf8"),
    ) as {
      run: { executions: { item: { name: string }; response?: { code: number } }[] };
    };
    const deleted = brokenReport.run.executions.find((e) => e.item.name === "Delete record");
    expect(deleted?.response?.code).toBe(200);
    expect(await recordCount(4)).toBe(before);
  }, 120_000);
});

/** The built-in app 4 with a field renamed, one removed, one retyped and an option dropped. */
function changedForm(): StubSeed {
  const app = structuredClone(defaultSeed.apps.find((candidate) => candidate.id === 4)!) as SeedApp;
  app.records = [];
  app.fields = app.fields
    .filter((field) => field.code !== "経路")
    .map((field) => {
      if (field.code === "案件名") return { ...field, code: "件名" };
      if (field.code === "金額") return { code: "金額", type: "SINGLE_LINE_TEXT" as const };
      if (field.code === "確度") return { ...field, options: ["A", "B"] };
      return field;
    });
  return { ...defaultSeed, apps: defaultSeed.apps.map((a) => (a.id === 4 ? app : a)) };
}

describe("the form contract test", () => {
  it("fails one test per changed field, naming it and what changed", async () => {
    const files = await app4Files();
    // Same certificates (same folder), another form.
    const changed = await startStub({
      secureAccess: true,
      legacyPfx: true,
      pfxPassphrase: PASSPHRASE,
      dir: join(out, "stub"),
      seed: changedForm(),
    });
    try {
      const report = join(out, "contract-report.json");
      const result = await run({
        collection: files.collectionPath,
        folders: ["App 4 · reads"],
        connection: { username: "Administrator", password: "stub-password", baseUrl: changed.url },
        tls: { ...tls(), sslExtraCaCerts: changed.caCertPath },
        reporters: [],
        reporterJsonExport: report,
        print: () => {},
      });
      expect(result.exitCode).toBe(1);
      expect((await failedTests(report)).sort()).toEqual(
        [
          'form contract: field "案件名": field "案件名" is gone (renamed or removed); it was SINGLE_LINE_TEXT',
          'form contract: field "件名": field "件名" is new and required, and the bodies do not fill it',
          'form contract: field "確度": field "確度" lost option(s) "C"',
          'form contract: field "経路": field "経路" is gone (renamed or removed); it was MULTI_SELECT',
          'form contract: field "金額": field "金額" changed type from NUMBER to SINGLE_LINE_TEXT',
        ].sort(),
      );
    } finally {
      await changed.close();
    }
  }, 120_000);
});

describe("the pfx generate opened", () => {
  it("is the one the apps are read through: a legacy file is not decoded a second time", async () => {
    const client = await kintoneClient({
      baseUrl: stub.url,
      username: "Administrator",
      password: "stub-password",
      ...basic,
      sslExtraCaCerts: stub.caCertPath,
      // A path that does not exist: the client must not open the file itself.
      pfxFilePath: join(out, "nowhere.pfx"),
      openedPfx: await openPfx(stub.pfxPath, PASSPHRASE),
      concurrency: 1,
    });
    expect((await client.app.getApp({ id: "1" })).appId).toBe("1");
  });
});
