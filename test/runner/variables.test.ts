import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { overrideOf, variableOverrides } from "../../src/runner/variables.js";

describe("variableOverrides", () => {
  it("turns connection settings into environment variables and picks the sign-in method", () => {
    const overrides = variableOverrides({
      baseUrl: "https://example.cybozu.com",
      apiTokens: ["t1", "t2"],
      oauthToken: "o",
      appId: "3",
    });
    expect(overrides).toEqual([
      { key: "baseUrl", value: "https://example.cybozu.com" },
      { key: "apiToken", value: "t1,t2" },
      { key: "oauthToken", value: "o" },
      { key: "appId", value: "3" },
      { key: "authMethod", value: "apiToken" },
    ]);
  });

  it("prefers a password over tokens, as the collection's auto mode does", () => {
    const overrides = variableOverrides({ username: "u", password: "p", apiTokens: ["t"] });
    expect(overrideOf(overrides, "authMethod")).toBe("password");
  });

  it("leaves the environment's sign-in method alone when no credential is given", () => {
    expect(overrideOf(variableOverrides({ guestSpaceId: "4" }), "authMethod")).toBeUndefined();
  });

  it("applies --env-var last, so it wins over a connection flag", () => {
    const overrides = variableOverrides({ baseUrl: "https://a.cybozu.com" }, [
      "baseUrl=https://b.cybozu.com",
      "query=a=b",
    ]);
    expect(overrideOf(overrides, "baseUrl")).toBe("https://b.cybozu.com");
    expect(overrideOf(overrides, "query")).toBe("a=b");
  });

  it("rejects an --env-var without '=' without echoing a value", () => {
    expect(() => variableOverrides({}, ["=secret"])).toThrow(UsageError);
    expect(() => variableOverrides({}, ["novalue"])).toThrow(/--env-var needs key=value/);
  });
});
