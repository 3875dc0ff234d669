// Loaded with `node --import`: prints the process's peak memory as it exits, which only the
// process itself can read; the benchmark times the whole run from the outside.
process.on("exit", () => {
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`usage: ${JSON.stringify({ peakMiB })}\n`);
});
