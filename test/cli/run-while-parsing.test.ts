import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/errors.js";
import { hasIdleCore, isPlainRun, runWhileParsing } from "../../src/cli/run-while-parsing.js";
import { projectRoot } from "../helpers/cli.js";

/** The built module: its parsing thread (dist/cli/parse-worker.js) exists only in dist/. */
const built = (await import(
  pathToFileURL(`${projectRoot}dist/cli/run-while-parsing.js`).href
)) as typeof import("../../src/cli/run-while-parsing.js");

describe("run while parsing: flags on a second thread, Newman on this one", () => {
  it("takes only a plain run: help, version and other commands go the ordinary way", () => {
    expect(isPlainRun(["run"])).toBe(true);
    expect(isPlainRun(["run", "c.json", "--folder", "Smoke", "-r", "cli,junit"])).toBe(true);
    for (const argv of [
      [],
      ["generate"],
      ["--color", "off", "run"],
      ["run", "--help"],
      ["run", "-h"],
      ["run", "c.json", "--version"],
    ]) {
      expect(isPlainRun(argv), argv.join(" ")).toBe(false);
    }
  });

  it("takes a second thread only with a core to spare", () => {
    expect(hasIdleCore(2, 0.4)).toBe(true);
    expect(hasIdleCore(2, 1.5)).toBe(true);
    expect(hasIdleCore(2, 1.6)).toBe(false);
    expect(hasIdleCore(8, 3)).toBe(true);
    expect(hasIdleCore(1, 0)).toBe(false);
  });

  // One outcome per way a command line can end before Newman runs, each a proof that the
  // options crossed from one thread to the other (or that the parse ended where it should).
  it("answers as the ordinary path does: usage errors from the parsing thread, checks after it", async () => {
    const unknownFlag = await built.runWhileParsing(["run", "--bogus"]);
    expect(unknownFlag).toEqual({ exitCode: ExitCode.usage, message: "Unknown argument: bogus" });
    const badCount = await built.runWhileParsing(["run", "--iteration-count", "-1"]);
    expect(badCount.exitCode).toBe(ExitCode.usage);
    expect(badCount.message).toContain("--iteration-count takes a whole number");
    // Parsed on the other thread, then run here: the runner reports the missing collection.
    const missing = await built.runWhileParsing(["run", "/nonexistent/c.json", "--folder", "X"]);
    expect(missing.exitCode).toBe(ExitCode.usage);
    expect(missing.message).toContain('collection "/nonexistent/c.json" not found');
  });

  it("runs the whole command line on this thread when the parsing thread cannot start", async () => {
    // From the sources there is no parse-worker.js beside this module: the worker fails to load.
    const outcome = await runWhileParsing(["run", "--bogus"]);
    expect(outcome).toEqual({ exitCode: ExitCode.usage, message: "Unknown argument: bogus" });
  });
});
