import { readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { startStub, type StubSeed } from "../../src/stub/index.js";
import { certificatesDirAllTests } from "../helpers/certificates.js";
import { asUser, call, startError } from "./helpers.js";

const tmp = certificatesDirAllTests("kintone-stub-seed-");

const minimal: StubSeed = {
  users: [{ login: "owner", password: "owner-pass" }],
  apps: [
    {
      id: 7,
      name: "Tiny",
      apiTokens: [{ token: "tiny-token" }],
      fields: [{ code: "Title", type: "SINGLE_LINE_TEXT", required: true }],
      records: [{ Title: { value: "seeded" } }],
    },
  ],
};

async function seedFile(name: string, content: unknown): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("seed files", () => {
  it("starts from a seed file, with its users, tokens and records", async () => {
    const stub = await startStub({ dir: tmp.path, seed: await seedFile("tiny.json", minimal) });
    try {
      const records = await call(stub, "GET", "/k/v1/records.json?app=7", {
        headers: asUser("owner", "owner-pass"),
      });
      expect(
        records.json<{ records: { Title: { value: string } }[] }>().records[0]?.Title.value,
      ).toBe("seeded");
      expect(
        (
          await call(stub, "GET", "/k/v1/app.json?id=7", {
            headers: { "X-Cybozu-API-Token": "tiny-token" },
          })
        ).status,
      ).toBe(200);
      expect(
        (await call(stub, "GET", "/k/v1/app.json?id=1", { headers: asUser("owner", "owner-pass") }))
          .status,
      ).toBe(404);
    } finally {
      await stub.close();
    }
  });

  it("names the file and the problem in one line", async () => {
    const missing = join(tmp.path, "missing.json");
    expect((await startError({ dir: tmp.path, seed: missing })).message).toBe(
      `seed file ${missing}: cannot be read (ENOENT)`,
    );
    const broken = await seedFile("broken.json", "{ not json");
    expect((await startError({ dir: tmp.path, seed: broken })).message).toMatch(
      new RegExp(`^seed file ${broken}: is not valid JSON \\(`),
    );
    const badType = await seedFile("bad-type.json", {
      apps: [{ id: 1, name: "A", fields: [{ code: "X", type: "TEXT" }] }],
    });
    expect((await startError({ dir: tmp.path, seed: badType })).message).toBe(
      `seed file ${badType}: apps[0].fields[0].type "TEXT" is not a kintone field type`,
    );
    const badRecord = await seedFile("bad-record.json", {
      ...minimal,
      apps: [
        { ...minimal.apps[0], records: [{ Title: { value: "ok" } }, { Title: { value: "" } }] },
      ],
    });
    expect((await startError({ dir: tmp.path, seed: badRecord })).message).toBe(
      `seed file ${badRecord}: apps[0].records[1].Title.value: Required.`,
    );
  });

  it("checks objects given directly the same way", async () => {
    expect(
      (await startError({ dir: tmp.path, seed: { apps: "none" } as unknown as StubSeed })).message,
    ).toBe("seed: apps must be an array");
    const process = {
      ...minimal,
      apps: [
        {
          ...minimal.apps[0]!,
          process: { states: [{ name: "A" }], actions: [{ name: "go", from: "A", to: "B" }] },
        },
      ],
    };
    expect((await startError({ dir: tmp.path, seed: process })).message).toBe(
      'seed: apps[0].process.actions[0].to "B" is not one of the process states',
    );
    const twice = { ...minimal, apps: [minimal.apps[0]!, minimal.apps[0]!] };
    expect((await startError({ dir: tmp.path, seed: twice })).message).toBe(
      "seed: apps[1].id 7 is used twice",
    );
    const zone = { ...minimal, users: [{ login: "a", password: "p", timeZone: "Mars/Olympus" }] };
    expect((await startError({ dir: tmp.path, seed: zone })).message).toBe(
      "seed: users[0].timeZone must be an IANA time zone such as Asia/Tokyo",
    );
  });
});

describe("persistence", () => {
  it("writes every change atomically and starts from it next time", async () => {
    const persist = join(tmp.path, "state.json");
    const first = await startStub({
      dir: tmp.path,
      seed: minimal,
      persist,
      users: [{ login: "extra", password: "extra-pass" }],
    });
    try {
      const added = await call(first, "POST", "/k/v1/record.json", {
        headers: asUser("extra", "extra-pass"),
        body: { app: 7, record: { Title: { value: "kept" } } },
      });
      expect(added.status).toBe(200);
    } finally {
      await first.close();
    }
    const saved = JSON.parse(readFileSync(persist, "utf8")) as {
      format: string;
      apps: { records: unknown[] }[];
    };
    expect(saved.format).toBe("kintone-stub-state");
    expect(saved.apps[0]?.records).toHaveLength(2);
    expect(readdirSync(tmp.path).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const second = await startStub({ dir: tmp.path, persist });
    try {
      const titles = (
        await call(second, "GET", "/k/v1/records.json?app=7", {
          headers: asUser("extra", "extra-pass"),
        })
      )
        .json<{ records: { Title: { value: string } }[] }>()
        .records.map((record) => record.Title.value);
      expect(titles).toEqual(["kept", "seeded"]);
    } finally {
      await second.close();
    }
  });

  it("keeps answering when the file cannot be written, says so once, and writes it later", async () => {
    const folder = join(tmp.path, "failing-disk");
    await mkdir(folder);
    const persist = join(folder, "state.json");
    const errors: string[] = [];
    const stub = await startStub({
      dir: tmp.path,
      seed: minimal,
      persist,
      onError: (error) => errors.push(error.message),
    });
    const add = (title: string) =>
      call(stub, "POST", "/k/v1/record.json", {
        headers: asUser("owner", "owner-pass"),
        body: { app: 7, record: { Title: { value: title } } },
      });
    try {
      expect((await add("first")).status).toBe(200);
      // A folder where the file goes: the temporary file gets written, renaming it fails.
      await rm(persist);
      await mkdir(persist);
      expect((await add("second")).status).toBe(200);
      expect((await add("third")).status).toBe(200);
      expect(errors).toEqual([
        `cannot write persist file ${persist} (EISDIR); ` +
          "changes stay in memory and are written with the next one",
      ]);
      expect(readdirSync(folder)).toEqual(["state.json"]);
      await rm(persist, { recursive: true });
    } finally {
      // No change comes after the failures: stopping is what writes them.
      await stub.close();
    }
    expect(readFileSync(persist, "utf8")).toContain('"third"');
    expect(errors).toHaveLength(1);
  });

  it("refuses a persist file that is not a saved state", async () => {
    const persist = await seedFile("not-state.json", { hello: 1 });
    const error: unknown = await startStub({ dir: tmp.path, persist }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`persist file ${persist} is not a saved stub state`);
  });
});
