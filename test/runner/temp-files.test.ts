import { existsSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TempFiles } from "../../src/runner/temp-files.js";

describe("TempFiles", () => {
  it("makes no directory until a file is written", () => {
    const temp = new TempFiles();
    expect(temp.dir).toBeUndefined();
    temp.dispose();
  });

  it("writes files only their owner can read, and removes them all on dispose", () => {
    const temp = new TempFiles();
    const path = temp.write("key.pem", "secret");
    const dir = temp.dir!;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    temp.dispose();
    temp.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it("listens for Ctrl-C, SIGTERM and SIGHUP while it holds files, and stops once disposed", () => {
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    const counts = () => signals.map((signal) => process.listenerCount(signal));
    const before = counts();
    const temp = new TempFiles();
    temp.write("a", "b");
    expect(counts()).toEqual(before.map((count) => count + 1));
    temp.dispose();
    expect(counts()).toEqual(before);
  });
});
