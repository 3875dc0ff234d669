import { UsageError } from "../errors.js";

/** Hosts where plain http is allowed: a local stub or proxy, never a real kintone domain. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A kintone base URL as its origin (`https://acme.cybozu.com`), or a one-line UsageError. Every
 * command checks `--base-url` here, by the same rules. A URL carrying a login and password is
 * refused before anything else, and never echoed.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // Not echoed: a string that fails to parse may still hold a password.
    throw new UsageError("--base-url is not a URL (e.g. https://example.cybozu.com)");
  }
  if (url.username !== "" || url.password !== "") {
    throw new UsageError("--base-url must not contain a login or password: use the auth flags");
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
  return url.origin;
}
