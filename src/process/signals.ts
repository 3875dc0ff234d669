/**
 * How every command reacts to being told to stop: Ctrl-C (SIGINT), `kill` (SIGTERM) and a closed
 * terminal (SIGHUP). One set of signals and one behaviour, for `run`, `demo` and `stub`.
 */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

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
 * Runs `cleanup` when a stop signal arrives, then raises the signal again with the handler gone,
 * so the process still ends the way it was told (exit 130 or 143 in a shell). `cleanup` is
 * synchronous because nothing asynchronous would get to finish; it also runs on a plain
 * `process.exit`. Returns the function that removes the handlers.
 */
export function cleanUpOnStop(cleanup: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    remove();
    sweep(cleanup);
    // File work already handed to Node's thread pool (a mkdir, a write) can still land after the
    // first sweep. This handler holds the only JavaScript thread, so nothing new starts: wait for
    // what is in flight, sweep again, then end the process the way it was told.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
    sweep(cleanup);
    process.kill(process.pid, signal);
  };
  const onExit = () => sweep(cleanup);
  const remove = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off("exit", onExit);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on("exit", onExit);
  return remove;
}

/** Runs `work` with `cleanup` armed for stop signals; the handlers go as soon as `work` settles. */
export async function withCleanUpOnStop<T>(
  cleanup: () => void,
  work: () => Promise<T>,
): Promise<T> {
  const remove = cleanUpOnStop(cleanup);
  try {
    return await work();
  } finally {
    remove();
  }
}

/**
 * Resolves with the first stop signal, for a server that shuts down in its own time. Listening
 * starts at the call, so call it before announcing that the server is up.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const each of STOP_SIGNALS) process.off(each, stop);
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
  });
}
