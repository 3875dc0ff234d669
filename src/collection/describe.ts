import type { BlastRadius, Operation } from "../catalog/types.js";

/** Words shown in Postman: the collection's overview and each request's documentation. */

export function collectionDescription(options: { certificateMatch?: string }): string {
  const lines = [
    "Every operation of kintone's REST API, signed by the collection's pre-request script.",
    "",
    "Set the environment's variables: `baseUrl`, then one way to sign in — `username` and `password`,",
    "`apiToken` (up to 9, comma-separated) or `oauthToken`. With `authMethod` left at `auto`, a password",
    "beats an API token, which beats OAuth. Domains behind Basic authentication also need",
    "`basicAuthUsername` and `basicAuthPassword`. Set `guestSpaceId` to call an app in a guest space.",
    "",
    "The **Smoke** folder only reads; the other folders can write and delete data. Each request",
    "names its blast radius: **reads**, **own data** (only what the same run created), **existing",
    "data** or **settings**. `kintone-postman run --all` sends reads and own data only.",
    "",
    "## Secure Access (`*.s.cybozu.com`)",
    "A collection file cannot carry a client certificate. In Postman open Settings → Certificates →",
    "Add Certificate, enter the host of `baseUrl` and port 443 (or the port of the URL), choose your",
    "PFX file and type its passphrase. Newman takes the certificate list that `kintone-postman",
    "generate --pfx-file-path` writes (`--ssl-client-cert-list`), or use `kintone-postman run",
    "--ssl-client-pfx`.",
  ];
  if (options.certificateMatch !== undefined) {
    lines.push("", `This collection's certificate entry matches \`${options.certificateMatch}\`.`);
  }
  return lines.join("\n");
}

/** How each blast radius reads in a request's documentation. */
const RADIUS_NOTES: Record<BlastRadius, string> = {
  reads: "Blast radius: **reads** — changes nothing.",
  "own-data":
    "Blast radius: **own data** — acts only on what an earlier request of the same run created.",
  "existing-data":
    "Blast radius: **existing data** — **changes data that existed before the run.**",
  settings: "Blast radius: **settings** — **changes app, space or domain settings.**",
};

/** The words `run`'s summary uses for a radius. */
export const RADIUS_NAMES: Record<BlastRadius, string> = {
  reads: "reads",
  "own-data": "own data",
  "existing-data": "existing data",
  settings: "settings",
};

export function operationDescription(operation: Operation): string {
  const notes = [
    RADIUS_NOTES[operation.radius],
    ...(operation.deploy
      ? ["Deploys: `kintone-postman run` sends it only when named by --folder."]
      : []),
    operation.guestOnly
      ? "Runs only in a guest space: skipped while `guestSpaceId` is empty."
      : operation.guest
        ? "Runs in a guest space when `guestSpaceId` is set."
        : "Never runs in a guest space.",
  ];
  return `${operation.description}\n\n${notes.join(" ")}`;
}
