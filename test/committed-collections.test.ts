import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../src/generate/index.js";
import { projectRoot } from "./helpers/cli.js";
import { tempDirEachTest } from "./helpers/temp-dir.js";

const tmp = tempDirEachTest("kintone-postman-fresh-");

describe("collections/ in the repository", () => {
  it("matches what `npm run generate` writes today (run it after changing the catalog)", async () => {
    const out = tmp.path;
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
