import { check, type Check } from "./check.js";

const NAME = "base URL";

/** The base URL parses, is https, and has no path the requests would be appended to. */
export function baseUrlCheck(baseUrl: string | undefined): { check: Check; url?: URL } {
  if (baseUrl === undefined || baseUrl === "") {
    return {
      check: check(NAME, "fail", "none given: pass --base-url or set KINTONE_BASE_URL"),
    };
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { check: check(NAME, "fail", `"${baseUrl}" is not a URL`) };
  }
  if (url.protocol !== "https:") {
    return { check: check(NAME, "fail", `${baseUrl}: kintone's API is served over https only`) };
  }
  if (url.pathname !== "/" || url.search !== "") {
    return {
      check: check(
        NAME,
        "warn",
        `${baseUrl}: requests would go below ${url.pathname}${url.search}; kintone's is the domain root`,
      ),
      url,
    };
  }
  return { check: check(NAME, "ok", url.origin), url };
}
