// Loaded with `node --import`: prints the process's peak memory as it exits, which only the
// process itself can read; the benchmark times the whole run from the outside.
process.on("exit", () => {
  const usage = process.resourceUsage();
  const peakMiB = usage.maxRSS / 1024;
  // CPU time (user + system) does not grow when other processes load the machine; wall time does.
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stderr.write(`usage: ${JSON.stringify({ peakMiB, cpuMs })}\n`);
});
