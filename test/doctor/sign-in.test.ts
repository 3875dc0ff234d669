import { describe, expect, it } from "vitest";
import { signIn } from "../../src/doctor/sign-in.js";

const decode = (value: string | undefined) => Buffer.from(value ?? "", "base64").toString("utf8");

describe("signIn", () => {
  it("signs with the password first, as UTF-8 base64, with Basic authentication in front", () => {
    const result = signIn({
      username: "ユーザー",
      password: "pässword",
      apiTokens: ["t"],
      basicAuthUsername: "gate",
      basicAuthPassword: "keeper",
    });
    expect(result.method).toBe("password");
    expect(decode(result.headers["X-Cybozu-Authorization"])).toBe("ユーザー:pässword");
    expect(result.headers["X-Cybozu-API-Token"]).toBeUndefined();
    expect(result.headers.Authorization).toBe(
      `Basic ${Buffer.from("gate:keeper").toString("base64")}`,
    );
    expect(result.description).not.toContain("pässword");
  });

  it("falls back to API tokens, then OAuth", () => {
    expect(signIn({ username: "u", apiTokens: ["a", " b "] }).headers).toEqual({
      "X-Cybozu-API-Token": "a,b",
    });
    expect(signIn({ oauthToken: "o" }).headers).toEqual({ Authorization: "Bearer o" });
  });

  it("follows an explicit method and says what is missing", () => {
    expect(signIn({ username: "u", password: "p" }, "apiToken").problem).toMatch(/no API token/);
    expect(signIn({}).problem).toMatch(/no credentials/);
    expect(signIn({ oauthToken: "o", basicAuthUsername: "b" }).problem).toMatch(/Authorization/);
    expect(signIn({ apiTokens: Array.from({ length: 10 }, (_, i) => `t${i}`) }).problem).toMatch(
      /at most 9/,
    );
  });
});
