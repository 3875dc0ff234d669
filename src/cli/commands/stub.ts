import type { Arguments, Argv, CommandModule } from "yargs";
import { UsageError } from "../../errors.js";
import type { StubOptions } from "../../stub/index.js";

const stubOptions = {
  port: {
    describe: "port to listen on (0: any free port)",
    type: "number",
    default: 0,
    coerce: portFrom,
  },
  host: { describe: "address to listen on", type: "string", default: "127.0.0.1" },
  dir: {
    describe: "folder for the CA, server and client certificates (reused when present)",
    type: "string",
    defaultDescription: "a new temporary folder, removed when the stub stops",
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
    defaultDescription: "random, printed at start and kept in the folder for the next start",
  },
  user: {
    describe: "add a user, LOGIN:PASSWORD (repeatable)",
    type: "string",
    array: true,
    coerce: (values: string[]) =>
      values.map((value) => {
        const { name, secret } = pair(value, "--user", "LOGIN:PASSWORD");
        return { login: name, password: secret };
      }),
  },
  seed: { describe: "JSON file of users, apps, records and tokens", type: "string" },
  "basic-auth": {
    describe: "put Basic authentication in front, USER:PASS",
    type: "string",
    coerce: (value: string) => {
      const { name, secret } = pair(value, "--basic-auth", "USER:PASS");
      return { username: name, password: secret };
    },
  },
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
      // The stub keeps serving from memory; the user hears once that the file fell behind.
      onError: (error) => process.stderr.write(`kintone-postman: warning: ${error.message}\n`),
      users: args.user ?? [],
    };
    if (args.dir !== undefined) options.dir = args.dir;
    if (args["pfx-passphrase"] !== undefined) options.pfxPassphrase = args["pfx-passphrase"];
    if (args.seed !== undefined) options.seed = args.seed;
    if (args.persist !== undefined) options.persist = args.persist;
    if (args["basic-auth"] !== undefined) options.basicAuth = args["basic-auth"];
    // Loaded on demand: the stub brings node-forge, which other commands never need.
    const { serveUntilStopped } = await import("../../stub/serve.js");
    await serveUntilStopped(options, (line) => console.log(line));
  },
};

/** yargs reads `--port abc` as NaN and lets any number through; `listen` would throw on those. */
function portFrom(port: number): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new UsageError("--port must be a whole number from 0 to 65535 (0: any free port)");
}

/**
 * `NAME:SECRET`, split at the first colon (a secret may hold colons). A malformed value is not
 * repeated in the error: it may be a password typed without its name.
 */
function pair(value: string, flag: string, shape: string): { name: string; secret: string } {
  const colon = value.indexOf(":");
  if (colon <= 0) throw new UsageError(`${flag} must be ${shape}, with a name before the colon`);
  return { name: value.slice(0, colon), secret: value.slice(colon + 1) };
}
