import type { Arguments, Argv, CommandModule } from "yargs";
import { UsageError } from "../../errors.js";
import type { StubOptions } from "../../stub/index.js";

const stubOptions = {
  port: { describe: "port to listen on (0: any free port)", type: "number", default: 0 },
  host: { describe: "address to listen on", type: "string", default: "127.0.0.1" },
  dir: {
    describe: "folder for the CA, server and client certificates (reused when present)",
    type: "string",
    defaultDescription: "a new temporary folder",
  },
  "secure-access": {
    describe: "demand a client certificate signed by the stub's CA, as Secure Access does",
    type: "boolean",
    default: false,
  },
  "legacy-pfx": {
    describe: "write client.pfx in the legacy RC2-40 encoding (what Node refuses to read)",
    type: "boolean",
    default: false,
  },
  "pfx-passphrase": {
    describe: "passphrase of client.pfx",
    type: "string",
    defaultDescription: "random, printed at start",
  },
  user: {
    describe: "add a user, LOGIN:PASSWORD (repeatable)",
    type: "string",
    array: true,
  },
  seed: { describe: "JSON file of users, apps, records and tokens", type: "string" },
  "basic-auth": { describe: "put Basic authentication in front, USER:PASS", type: "string" },
  persist: { describe: "JSON file the data is kept in across restarts", type: "string" },
} as const;

const builder = (yargs: Argv) => yargs.options(stubOptions);

type StubArgs = Arguments<ReturnType<typeof builder> extends Argv<infer U> ? U : never>;

export const stubCommand: CommandModule<object, StubArgs> = {
  command: "stub",
  describe:
    "Run a local kintone-compatible HTTPS server to try collections without a kintone account",
  builder,
  handler: async (args) => {
    const options: StubOptions = {
      port: args.port,
      host: args.host,
      secureAccess: args["secure-access"],
      legacyPfx: args["legacy-pfx"],
      users: (args.user ?? []).map((value) => {
        const { name, secret } = pair(value, "--user", "LOGIN:PASSWORD");
        return { login: name, password: secret };
      }),
    };
    if (args.dir !== undefined) options.dir = args.dir;
    if (args["pfx-passphrase"] !== undefined) options.pfxPassphrase = args["pfx-passphrase"];
    if (args.seed !== undefined) options.seed = args.seed;
    if (args.persist !== undefined) options.persist = args.persist;
    if (args["basic-auth"] !== undefined) {
      const { name, secret } = pair(args["basic-auth"], "--basic-auth", "USER:PASS");
      options.basicAuth = { username: name, password: secret };
    }
    // Listening for the signals before anything is printed: a client that stops the stub as soon
    // as it reads the banner must find the handler in place.
    const stopped = untilSignal();
    // Loaded on demand: the stub brings node-forge, which other commands never need.
    const { startStub } = await import("../../stub/index.js");
    const stub = await startStub(options);
    console.log(`kintone stub listening on ${stub.url}`);
    console.log(
      `  Secure Access: ${args["secure-access"] ? "on (client certificate required)" : "off"}`,
    );
    console.log(`  client certificate: ${stub.pfxPath}`);
    // A generated passphrase guards a local test certificate only; the user needs it to use the pfx.
    if (options.pfxPassphrase === undefined) console.log(`  pfx passphrase: ${stub.pfxPassphrase}`);
    console.log(`  CA certificate: ${stub.caCertPath}`);
    console.log("Press Ctrl+C to stop.");
    await stopped;
    await stub.close();
    console.log("kintone stub stopped");
  },
};

/** `NAME:SECRET`, split at the first colon (a secret may hold colons). */
function pair(value: string, flag: string, shape: string): { name: string; secret: string } {
  const colon = value.indexOf(":");
  if (colon <= 0) throw new UsageError(`${flag} "${value}" is not ${shape}`);
  return { name: value.slice(0, colon), secret: value.slice(colon + 1) };
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
