// Loaded with `node --import`: prints the process's wall time and peak memory as it exits, so a
// benchmark can measure a whole CLI run from the outside.
const started = performance.now();
process.on("exit", () => {
  const wallMs = performance.now() + performance.timeOrigin - (started + performance.timeOrigin);
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(`usage: ${JSON.stringify({ wallMs, peakMiB })}\n`);
});
