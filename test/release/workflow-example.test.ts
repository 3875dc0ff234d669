import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/cli.js";

const workflowPath = join(projectRoot, "examples", "github-actions", "kintone-smoke.yml");

describe("the GitHub Actions example", () => {
  it("is a complete workflow by GitHub's schema", async () => {
    const state = validateWorkflow(await readFile(workflowPath, "utf8"));
    expect(state.errors).toEqual([]);
  });

  it("the validator refuses a workflow without a trigger (so the check above can fail)", async () => {
    const withoutTrigger = (await readFile(workflowPath, "utf8")).replace(/^on:\n(?: .*\n)+/m, "");
    expect(withoutTrigger).not.toMatch(/^on:/m);
    expect(validateWorkflow(withoutTrigger).errors).not.toEqual([]);
  });

  it("is what the README shows, byte for byte", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    const workflow = await readFile(workflowPath, "utf8");
    expect(readme).toContain("```yaml\n" + workflow + "```");
  });
});
