import type { Arguments, Argv, CommandModule } from "yargs";
import { DEFAULT_COLLECTION, environmentBeside } from "../../files/names.js";
import {
  appOptions,
  certificateOptions,
  connectionOptions,
  connectionSettingsOf,
  newmanCertificateOptions,
  proxySettings,
  serverTrustOptions,
} from "../options/connection.js";

const builder = (yargs: Argv) =>
  yargs.options({
    ...connectionOptions(),
    ...appOptions,
    ...certificateOptions(),
    ...newmanCertificateOptions,
    ...serverTrustOptions,
    environment: {
      alias: "e",
      describe: "Postman environment to read the connection from (flags win)",
      type: "string",
      defaultDescription: `${environmentBeside(DEFAULT_COLLECTION)}, if present`,
    },
  });

type DoctorArgs = Arguments<ReturnType<typeof builder> extends Argv<infer U> ? U : never>;

export const doctorCommand: CommandModule<object, DoctorArgs> = {
  command: "doctor",
  describe:
    "Check the client certificate, base URL and credentials with one request, and say what is wrong",
  builder,
  handler: async (args) => {
    const [{ doctor }, { DoctorFailedError }] = await Promise.all([
      import("../../doctor/doctor.js"),
      import("../../doctor/check.js"),
    ]);
    const result = await doctor({
      connection: connectionSettingsOf(args),
      environment: args.environment,
      pfxFilePath: args["pfx-file-path"],
      pfxFilePassword: args["pfx-file-password"],
      sslClientCert: args["ssl-client-cert"],
      sslClientKey: args["ssl-client-key"],
      sslClientCertList: args["ssl-client-cert-list"],
      sslExtraCaCerts: args["ssl-extra-ca-certs"],
      insecure: args.insecure,
      proxy: proxySettings(),
    });
    const failed = result.checks.filter((c) => c.status === "fail").length;
    if (failed > 0) throw new DoctorFailedError(failed, result.checks.length);
  },
};
