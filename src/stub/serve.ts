import { untilStopSignal } from "../process/signals.js";
import { startStub, type StubOptions } from "./index.js";

/**
 * The `stub` command's life: start, say where to connect (and with which certificate), serve
 * until told to stop, then close. `print` receives each line for standard output.
 */
export async function serveUntilStopped(
  options: StubOptions,
  print: (line: string) => void,
): Promise<void> {
  // Listening for the signals before anything is printed: a client that stops the stub as soon
  // as it reads the banner must find the handler in place.
  const { stopped, release } = untilStopSignal();
  const stub = await startStub(options).catch((error: unknown) => {
    release();
    throw error;
  });
  print(`kintone stub listening on ${stub.url}`);
  print(`  Secure Access: ${options.secureAccess ? "on (client certificate required)" : "off"}`);
  print(`  client certificate: ${stub.pfxPath}`);
  // A generated passphrase guards a local test certificate only; the user needs it to use the pfx.
  if (stub.pfxPassphrasePath !== undefined) {
    print(`  pfx passphrase: ${stub.pfxPassphrase} (kept in ${stub.pfxPassphrasePath})`);
  }
  print(`  CA certificate: ${stub.caCertPath}`);
  print("Press Ctrl+C to stop.");
  await stopped;
  await stub.close();
  print("kintone stub stopped");
}
