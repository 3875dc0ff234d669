import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { generate } from "../src/generate/index.js";
import { projectRoot } from "./helpers/cli.js";

describe("collections/ in the repository", () => {
  it("matches what `npm run generate` writes today (run it after changing the catalog)", async () => {
    const out = await mkdtemp(join(tmpdir(), "kintone-postman-fresh-"));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    await generate({ out, name: "kintone" });
    const committed = join(projectRoot, "collections");
    const names = (await readdir(out)).sort();
    expect((await readdir(committed)).sort()).toEqual(names);
    for (const name of names) {
      const fresh = await readFile(join(out, name), "utf8");
      expect(await readFile(join(committed, name), "utf8"), `collections/${name} is stale`).toBe(
        fresh,
      );
    }
  });
});
