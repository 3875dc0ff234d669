import { describe, expect, it } from "vitest";
import { baseUrlCheck } from "../../src/doctor/base-url-check.js";

describe("baseUrlCheck", () => {
  it("accepts an https domain root, and http for a local server, as generate does", () => {
    const result = baseUrlCheck("https://example.cybozu.com/");
    expect(result.check.status).toBe("ok");
    expect(result.check.lines).toEqual(["https://example.cybozu.com"]);
    expect(result.url?.host).toBe("example.cybozu.com");
    expect(baseUrlCheck("http://127.0.0.1:8443").check.status).toBe("ok");
    expect(baseUrlCheck("http://localhost:8443").check.status).toBe("ok");
  });

  it("fails a missing, unparsable or plain-http URL, in generate's words", () => {
    expect(baseUrlCheck(undefined).check.lines[0]).toBe(
      "none given: pass --base-url or set KINTONE_BASE_URL",
    );
    expect(baseUrlCheck("example.cybozu.com").check.lines[0]).toBe(
      "--base-url is not a URL (e.g. https://example.cybozu.com)",
    );
    const http = baseUrlCheck("http://example.cybozu.com");
    expect(http.check.status).toBe("fail");
    expect(http.check.lines[0]).toContain("--base-url must use https");
    expect(http.url).toBeUndefined();
  });

  it("fails a URL with a path, as the requests would go below it", () => {
    const result = baseUrlCheck("https://example.cybozu.com/k/");
    expect(result.check.status).toBe("fail");
    expect(result.check.lines[0]).toContain("the domain only");
    expect(result.url).toBeUndefined();
  });

  it("fails a URL with a login and password without echoing it", () => {
    const result = baseUrlCheck("https://gate:url-secret@example.cybozu.com");
    expect(result.check.status).toBe("fail");
    expect(result.check.lines.join("\n")).not.toContain("url-secret");
  });
});
