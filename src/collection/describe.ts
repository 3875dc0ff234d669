import type { Operation } from "../catalog/types.js";

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
    "The **Smoke** folder only reads; the other folders can write and delete data.",
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

export function operationDescription(operation: Operation): string {
  const notes = [
    operation.readOnly ? "Reads only." : "**Changes data in kintone.**",
    operation.guestOnly
      ? "Runs only in a guest space: skipped while `guestSpaceId` is empty."
      : operation.guest
        ? "Runs in a guest space when `guestSpaceId` is set."
        : "Never runs in a guest space.",
  ];
  return `${operation.description}\n\n${notes.join(" ")}`;
}
