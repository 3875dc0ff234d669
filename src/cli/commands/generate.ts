import type { Arguments, Argv, CommandModule } from "yargs";
import { DEFAULT_NAME, DEFAULT_OUT_DIR } from "../../files/names.js";
import {
  certificateOptions,
  connectionOptions,
  connectionSettingsOf,
  proxySettings,
  serverTrustOptions,
} from "../options/connection.js";

const generateOptions = () =>
  ({
    ...connectionOptions(),
    ...certificateOptions(),
    ...serverTrustOptions,
    app: {
      describe:
        "app id to read from kintone: adds a folder of requests built from its form (repeatable, or comma-separated)",
      type: "string",
      array: true,
    },
    "include-secrets": {
      describe:
        "write passwords, tokens and the pfx passphrase into the files (off: they stay empty)",
      type: "boolean",
      default: false,
    },
    out: { describe: "output folder", type: "string", default: DEFAULT_OUT_DIR },
    name: { describe: "collection name and file base name", type: "string", default: DEFAULT_NAME },
  }) as const;

const builder = (yargs: Argv) => yargs.options(generateOptions());

type GenerateArgs = Arguments<ReturnType<typeof builder> extends Argv<infer U> ? U : never>;

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe:
    "Write a Postman collection of kintone's REST API, its environment and certificate list",
  builder,
  handler: async (args) => {
    // Loaded on demand: other commands never pay for the catalog and the builders.
    const { generate, nextSteps } = await import("../../generate/index.js");
    const result = await generate({
      // The environment's appId becomes the first app's id (generate sets it from `apps`).
      ...connectionSettingsOf({ ...args, app: undefined }),
      pfxFilePath: args["pfx-file-path"],
      pfxFilePassword: args["pfx-file-password"],
      includeSecrets: args["include-secrets"],
      out: args.out,
      name: args.name,
      apps: args.app,
      sslExtraCaCerts: args["ssl-extra-ca-certs"],
      insecure: args.insecure,
      proxy: proxySettings(),
      progress: (line) => process.stderr.write(`${line}\n`),
      warn: (line) => process.stderr.write(`${line}\n`),
    });
    for (const line of nextSteps(result)) process.stdout.write(`${line}\n`);
  },
};
