import type { CommandModule } from "yargs";

export const demoCommand: CommandModule = {
  command: "demo",
  describe:
    "Start a local kintone with Secure Access, generate a collection for it and run its Smoke folder",
  handler: async () => {
    // Loaded on demand: the demo brings the stub, the generator and the runner together.
    const { runDemo } = await import("../../demo/run-demo.js");
    const { RunFailedError } = await import("../../runner/run.js");
    const result = await runDemo();
    if (result.exitCode !== 0) throw new RunFailedError(result);
  },
};
