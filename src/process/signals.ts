import { EventEmitter } from "node:events";

/**
 * How every command reacts to being told to stop: Ctrl-C (SIGINT), `kill` (SIGTERM) and a closed
 * terminal (SIGHUP). One set of signals and one behaviour, for `run`, `demo` and `stub`.
 */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The stop that is no signal: the output was closed. */
export const OUTPUT_CLOSED = "output closed";
const stopEvents = new EventEmitter();
/** Servers waiting in `untilStopSignal`, which close themselves once told to stop. */
let waitingServers = 0;

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
  const settleAndSweep = () => {
    sweep(cleanup);
    // File work already handed to Node's thread pool (a mkdir, a write) can still land after the
    // first sweep. This handler holds the only JavaScript thread, so nothing new starts: wait for
    // what is in flight, sweep again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
    sweep(cleanup);
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while cleaning up is common. The handlers stay in place until the sweep is
    // done, so it finds this one (and is ignored) instead of the default action, which would end
    // the process on the spot with the files still there.
    if (stopping) return;
    stopping = true;
    settleAndSweep();
    remove();
    // End the process the way it was told.
    process.kill(process.pid, signal);
  };
  const onExit = () => sweep(cleanup);
  const onOutputClosed = () => {
    if (stopping) return;
    stopping = true;
    settleAndSweep();
    remove();
  };
  const remove = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off("exit", onExit);
    stopEvents.off(OUTPUT_CLOSED, onOutputClosed);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on("exit", onExit);
  stopEvents.on(OUTPUT_CLOSED, onOutputClosed);
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
 * Listens for the first stop signal, for a server that shuts down in its own time. Listening
 * starts at the call, so call it before announcing that the server is up; `release` stops
 * listening when the server never came up.
 */
export function untilStopSignal(): {
  stopped: Promise<NodeJS.Signals | typeof OUTPUT_CLOSED>;
  release(): void;
} {
  waitingServers += 1;
  let stop: (reason: NodeJS.Signals | typeof OUTPUT_CLOSED) => void = () => {};
  const onOutputClosed = () => stop(OUTPUT_CLOSED);
  const release = () => {
    waitingServers -= 1;
    for (const each of STOP_SIGNALS) process.off(each, stop);
    stopEvents.off(OUTPUT_CLOSED, onOutputClosed);
  };
  const stopped = new Promise<NodeJS.Signals | typeof OUTPUT_CLOSED>((resolve) => {
    stop = (reason) => {
      release();
      resolve(reason);
    };
  });
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  stopEvents.on(OUTPUT_CLOSED, onOutputClosed);
  return { stopped, release };
}

/**
 * Ends the command quietly when whoever reads its output goes away (`kintone-postman demo | head
 * -1`, a closed terminal pipe): the next write to stdout or stderr fails with EPIPE. That is a
 * normal way for a command to end, so it stops as on Ctrl-C, with the same cleanup, and exits with
 * the code it already had (0 unless a failure was already recorded). A server waiting in
 * `untilStopSignal` shuts down in its own time instead. Called once, by the CLI's entry point.
 */
export function stopWhenOutputCloses(): void {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    // Later writes fail the same way; one stop is enough.
    if (closed) return;
    closed = true;
    const serverWaiting = waitingServers > 0;
    stopEvents.emit(OUTPUT_CLOSED);
    if (!serverWaiting) process.exit();
  };
  process.stdout.on("error", onError);
  process.stderr.on("error", onError);
}
