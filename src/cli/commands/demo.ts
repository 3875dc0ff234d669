import type { Argv, CommandModule, InferredOptionTypes } from "yargs";
import { colorOptions } from "../options/connection.js";

export const demoCommand: CommandModule<
  object,
  InferredOptionTypes<ReturnType<typeof colorOptions>>
> = {
  command: "demo",
  describe:
    "Start a local kintone with Secure Access, generate a collection for it and run its Smoke folder",
  builder: (yargs: Argv) => yargs.options(colorOptions()),
  handler: async (args) => {
    // Loaded on demand: the demo brings the stub, the generator and the runner together.
    const { runDemo } = await import("../../demo/run-demo.js");
    const { RunFailedError } = await import("../../runner/run.js");
    const result = await runDemo({ color: args.color });
    if (result.exitCode !== 0) throw new RunFailedError(result);
  },
};
