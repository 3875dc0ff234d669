const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs `work` with Ctrl-C and SIGTERM handled: `cleanup` runs, then the signal is raised again
 * with the handler gone, so the process still ends the way it was told (exit 130 or 143 in a
 * shell). `cleanup` is synchronous because nothing asynchronous would get to finish. The
 * handlers are removed as soon as `work` settles.
 */
export async function withSignalCleanup<T>(
  cleanup: () => void,
  work: () => Promise<T>,
): Promise<T> {
  const onSignal = (signal: NodeJS.Signals) => {
    removeHandlers();
    cleanup();
    process.kill(process.pid, signal);
  };
  const removeHandlers = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await work();
  } finally {
    removeHandlers();
  }
}
