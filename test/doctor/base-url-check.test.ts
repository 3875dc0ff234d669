import { describe, expect, it } from "vitest";
import { baseUrlCheck } from "../../src/doctor/base-url-check.js";

describe("baseUrlCheck", () => {
  it("accepts an https domain root", () => {
    const result = baseUrlCheck("https://example.cybozu.com");
    expect(result.check.status).toBe("ok");
    expect(result.url?.host).toBe("example.cybozu.com");
  });

  it("fails a missing, unparsable or plain-http URL", () => {
    expect(baseUrlCheck(undefined).check.lines[0]).toContain("--base-url");
    expect(baseUrlCheck("example.cybozu.com").check.status).toBe("fail");
    expect(baseUrlCheck("http://example.cybozu.com").check.lines[0]).toContain("https");
  });

  it("warns about a path the requests would be appended to", () => {
    expect(baseUrlCheck("https://example.cybozu.com/k/").check.status).toBe("warn");
  });
});
