// Newman as a library and nothing else, with the inputs `kintone-postman run` gets in
// bench/run-vs-newman.mjs: the floor for any command that runs Newman in its own process (no flag
// parsing, no checks, no summary). Arguments: collection, environment, CA file, pfx, the
// certificate's match pattern; the passphrase comes as KINTONE_PFX_FILE_PASSWORD.
import { readFileSync } from "node:fs";
import newman from "newman";

const [collection, environment, caCertPath, pfxPath, match] = process.argv.slice(2);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

newman.run(
  {
    collection: readJson(collection),
    environment: readJson(environment),
    folder: "Smoke",
    envVar: [
      { key: "appId", value: "1" },
      { key: "apiToken", value: "stub-token-app1" },
    ],
    sslExtraCaCerts: caCertPath,
    sslClientCertList: [
      {
        name: "stub",
        matches: [match],
        pfx: { src: pfxPath },
        passphrase: process.env.KINTONE_PFX_FILE_PASSWORD,
      },
    ],
    reporters: ["cli"],
  },
  (error, summary) => {
    if (error || summary.run.failures.length > 0) process.exitCode = 1;
  },
);
