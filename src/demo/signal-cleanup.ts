const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Long enough for file operations already under way to finish, short enough to go unnoticed. */
const SETTLE_MS = 50;

function sweep(cleanup: () => void): void {
  try {
    cleanup();
  } catch {
    // The process is ending either way; a stack trace would only hide why.
  }
}

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
    sweep(cleanup);
    // File work already handed to Node's thread pool (a mkdir, a write) can still land after the
    // first sweep. This handler holds the only JavaScript thread, so nothing new starts: wait for
    // what is in flight, sweep again, then end the process the way it was told.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
    sweep(cleanup);
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
