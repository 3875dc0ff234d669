// Loaded with `node --import`: prints the process's wall time and peak memory as it exits, so a
// benchmark can measure a whole CLI run from the outside.
process.on("exit", () => {
  // performance.now() counts from the process's start, so this includes node's own start-up.
  const wallMs = performance.now();
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`usage: ${JSON.stringify({ wallMs, peakMiB })}\n`);
});
