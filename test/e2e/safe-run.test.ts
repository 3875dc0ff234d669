import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateResult } from "../../src/generate/index.js";
import type { RunOptions } from "../../src/runner/options.js";
import { run } from "../../src/runner/run.js";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { stateFromSeed } from "../../src/stub/seed/load.js";

let stub: RunningStub;
let files: GenerateResult;
let dir: string;
let persist: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kintone-postman-safe-"));
  persist = join(dir, "state.json");
  // The built-in data, saved first, so the stub starts from a file this test can compare with.
  const seeded = await stateFromSeed(undefined, [], persist);
  seeded.touch();
  await seeded.persist();
  stub = await startStub({ secureAccess: true, persist, dir: join(dir, "stub") });
  files = await generate({ out: dir, name: "safe", baseUrl: stub.url });
});
afterAll(async () => {
  await stub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * What a user owns in the stub, as its persist file holds it: every app's records and settings
 * (permissions among them, live and in preview), spaces with their members, users and plug-ins.
 * Left out: id counters and revision numbers, which move on with any request that creates
 * something, and uploaded files, which kintone keeps only as temporary keys.
 */
async function userState(): Promise<string> {
  const state = JSON.parse(await readFile(persist, "utf8")) as {
    apps: { id: number; live: unknown; preview: unknown; records: unknown; deployed: boolean }[];
    spaces: unknown;
    users: unknown;
    plugins: unknown;
  };
  return JSON.stringify({
    apps: state.apps.map(({ id, live, preview, records, deployed }) => ({
      id,
      live,
      preview,
      records,
      deployed,
    })),
    spaces: state.spaces,
    users: state.users,
    plugins: state.plugins,
  });
}

/** A run with nothing but credentials and --app, as a new user would start. */
function runAll(overrides: Partial<RunOptions> = {}, lines: string[] = []) {
  return run({
    collection: files.collectionPath,
    connection: { appId: "1", username: "Administrator", password: "stub-password" },
    tls: {
      pfxFilePath: stub.pfxPath,
      pfxFilePassword: stub.pfxPassphrase,
      sslExtraCaCerts: stub.caCertPath,
    },
    all: true,
    reporters: [],
    print: (line) => lines.push(line),
    ...overrides,
  });
}

describe("run --all never changes what it did not create", () => {
  // Two whole runs in a row, from the built-in data: the tests below read what they did.
  let before: string;
  let lines: string[];
  let first: Awaited<ReturnType<typeof run>>;
  let second: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    before = await userState();
    lines = [];
    first = await runAll({}, lines);
    second = await runAll();
  });

  it("passes twice in a row and leaves records, settings, members and permissions as they were", async () => {
    expect(first.exitCode, first.lines.join("\n")).toBe(0);
    expect(second.exitCode, second.lines.join("\n")).toBe(0);
    // Own-data requests ran: records were added, changed, commented, moved and deleted again.
    expect(first.requests.total).toBeGreaterThan(60);
    expect(second.requests.total).toBe(first.requests.total);
    const after = await userState();
    expect(after.length).toBeGreaterThan(1000);
    expect(after).toBe(before);
  });

  it("lists each skipped request with its radius and the flag that includes it", () => {
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}skipped 23 requests that change settings: name them with --folder, or pass --allow-settings-changes \(Create app, Add form fields, .*Update space members.*\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}skipped 4 requests that deploy: they run only when named by --folder \(Deploy app settings, /,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {2}skipped 2 requests that change existing data: .*\(Move app to space, Delete guest users\)$/,
      ),
    );
    // A variable nobody set: one line naming it and the flag, with the requests that need what
    // the skipped request would have created.
    expect(lines).toContainEqual(
      "  skipped 7 requests with no value for spaceTemplateId: set it with --env-var spaceTemplateId=… " +
        "(Create space from template; needing what that creates: Update space, Update space body, " +
        "Add thread, Delete space, Update thread, Add thread comment)",
    );
    expect(lines).toContainEqual(
      '  skipped 2 requests with no value for newPluginId, which Install plug-in sets, left out as it changes settings: include it with --folder "Install plug-in" or --allow-settings-changes (Update plug-in, Uninstall plug-in)',
    );
    // Every other value was found or captured: fileKey from the record the run added, once its
    // upload was attached; each line left names what to set or to include.
    const forValues = lines.filter((line) => line.includes("with no value for"));
    expect(forValues.map((line) => /no value for (\w+)/.exec(line)![1]).sort()).toEqual([
      "newPluginId",
      "searchKeyword",
      "spaceId",
      "spaceTemplateId",
    ]);
    for (const line of forValues) expect(line).toMatch(/--env-var \w+=…|include it with/);
  });

  it("writes permissions and members back exactly as read, and checks them afterwards", async () => {
    const before = await userState();
    const result = await runAll({
      all: false,
      folders: [
        "Get app permissions",
        "Update and deploy app permissions",
        "Get record permissions",
        "Update and deploy record permissions",
        "Get space members",
        "Update space members",
      ],
      envVars: ["spaceId=2"],
    });
    expect(result.exitCode, result.lines.join("\n")).toBe(0);
    // Each write-back read its value again and compared: 3 checks among the tests.
    expect(result.tests.total).toBeGreaterThanOrEqual(9);
    expect(await userState()).toBe(before);
  });
});
