// Loaded with `node --import`: prints, as the process exits, what only the process itself can
// read: its CPU time (user + system, all threads) and peak memory. The benchmark times the whole
// run from the outside; CPU time is the steadier figure when other work shares the machine.
process.on("exit", () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stderr.write(`usage: ${JSON.stringify({ cpuMs, peakMiB: usage.maxRSS / 1024 })}\n`);
});
