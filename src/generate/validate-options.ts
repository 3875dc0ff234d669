import { statSync } from "node:fs";
import { UsageError } from "../errors.js";
import { MAX_API_TOKENS } from "../kintone/headers.js";

/** Hosts where plain http is allowed: a local stub or proxy, never a real kintone domain. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The base URL as kintone's origin (`https://acme.cybozu.com`), or a one-line UsageError. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url "${baseUrl}" is not a URL (e.g. https://example.cybozu.com)`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new UsageError(
      `--base-url must use https (http only for localhost or 127.0.0.1): ${baseUrl}`,
    );
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    throw new UsageError(`--base-url must be the domain only, without a path: ${baseUrl}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new UsageError("--base-url must not contain credentials: use the auth flags");
  }
  return url.origin;
}

export function checkGuestSpaceId(guestSpaceId: string | undefined): void {
  if (guestSpaceId === undefined || guestSpaceId === "") return;
  if (!/^[1-9][0-9]*$/.test(guestSpaceId)) {
    throw new UsageError(`--guest-space-id must be a positive integer, not "${guestSpaceId}"`);
  }
}

export function checkApiTokens(tokens: readonly string[] | undefined): void {
  if (tokens !== undefined && tokens.length > MAX_API_TOKENS) {
    throw new UsageError(
      `${tokens.length} API tokens given; kintone accepts at most ${MAX_API_TOKENS}`,
    );
  }
}

export function checkPfxFile(pfxPath: string | undefined): void {
  if (pfxPath === undefined || pfxPath === "") return;
  const stats = statSync(pfxPath, { throwIfNoEntry: false });
  if (stats === undefined) throw new UsageError(`client certificate not found: ${pfxPath}`);
  if (!stats.isFile()) throw new UsageError(`client certificate is not a file: ${pfxPath}`);
}

/** The name becomes file names: keep it to one path segment of safe characters. */
export function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new UsageError(
      `--name "${name}" must be letters, digits, dots, dashes or underscores (it names the files)`,
    );
  }
}
