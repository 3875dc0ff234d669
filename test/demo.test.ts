import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo/run-demo.js";

describe("npm run demo", () => {
  it("runs the Smoke folder over Secure Access against the local stub and cleans up", async () => {
    const before = await demoDirs();
    const lines: string[] = [];
    const result = await runDemo({ print: (line) => lines.push(line), reporters: [] });
    expect(lines[0]).toMatch(/^1\. kintone stub with Secure Access on https:\/\/127\.0\.0\.1:\d+$/);
    expect(result.exitCode).toBe(0);
    expect(result.requests.total).toBeGreaterThanOrEqual(5);
    expect(result.requests.failed).toBe(0);
    expect(result.tests.failed).toBe(0);
    expect(await demoDirs()).toEqual(before);
  });
});

async function demoDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("kintone-postman-demo-"));
}
