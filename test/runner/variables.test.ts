import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { overrideOf, variableOverrides } from "../../src/runner/variables.js";

describe("variableOverrides", () => {
  it("empties first what an earlier run captured, when the environment file holds it; --env-var still sets one", () => {
    const file = (key: string) =>
      ({
        newRecordId: "5",
        batchRecordId1: "7",
        kintoneAddedRecord: '{"app":"1","id":"5"}',
        recordId: "3",
        cursorId: "",
      })[key];
    const overrides = variableOverrides({ appId: "2" }, ["newRecordId=9"], file);
    expect(overrides.slice(0, 3)).toEqual([
      { key: "newRecordId", value: "" },
      { key: "batchRecordId1", value: "" },
      { key: "kintoneAddedRecord", value: "" },
    ]);
    // The user's own ids are only read: left as the file has them.
    expect(overrideOf(overrides, "recordId")).toBeUndefined();
    expect(overrideOf(overrides, "batchRecordId1")).toBe("");
    expect(overrideOf(overrides, "newRecordId")).toBe("9");
  });

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

  it("takes a login name alone for no credential: the token given decides", () => {
    const overrides = variableOverrides({ username: "x", apiTokens: ["T"] });
    expect(overrideOf(overrides, "authMethod")).toBe("apiToken");
  });

  it("signs with a password given for the run and the login name saved in the environment", () => {
    const file = (key: string) => ({ username: "A", apiToken: "saved" })[key];
    expect(overrideOf(variableOverrides({ password: "p" }, [], file), "authMethod")).toBe(
      "password",
    );
    // A token given for the run beats the password saved in the environment.
    const saved = (key: string) => ({ username: "A", password: "saved" })[key];
    expect(overrideOf(variableOverrides({ apiTokens: ["T"] }, [], saved), "authMethod")).toBe(
      "apiToken",
    );
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

  it("rejects an --env-var without a key or '=' without echoing what was given", () => {
    for (const given of ["=secret", "hunter2"]) {
      const attempt = () => variableOverrides({}, [given]);
      expect(attempt).toThrow(UsageError);
      // The whole message: nothing of what was given.
      expect(attempt).toThrow(/^--env-var expects key=value: an entry has no key or no '='$/);
    }
  });
});
