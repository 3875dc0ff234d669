import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub, type RunningStub } from "../../src/stub/index.js";
import { asUser, call, type ErrorBody } from "./helpers.js";

/** App 4 of the built-in data: a lookup, required and unique fields, a status asking for its assignee. */
let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({});
});
afterAll(() => stub?.close());

const send = (method: string, path: string, body: unknown) =>
  call(stub, method, path, { headers: asUser(), body });

const minimal = (code: string) => ({
  案件名: { value: "試験" },
  案件コード: { value: code },
  顧客メール: { value: "research@example.com" },
  金額: { value: "2000" },
  区分: { value: "新規" },
  商材: { value: ["サポート"] },
  受注予定日: { value: "2025-01-31" },
  担当者: { value: [{ code: "Administrator" }] },
  明細: { value: [{ value: { 品目: { value: "保守" }, 数量: { value: "2" } } }] },
});

describe("app 4", () => {
  it("copies a lookup's mapped fields, ignoring a value given for them", async () => {
    const added = await send("POST", "/k/v1/record.json", {
      app: 4,
      record: {
        ...minimal("T-1"),
        顧客メール: { value: "trading@example.com" },
        顧客名: { value: "ignored" },
      },
    });
    expect(added.status).toBe(200);
    const id = added.json<{ id: string }>().id;
    const got = await call(stub, "GET", `/k/v1/record.json?app=4&id=${id}`, { headers: asUser() });
    const record = got.json<{ record: Record<string, { value: unknown }> }>().record;
    expect(record["顧客名"]!.value).toBe("Cybozu Trading");
    expect(record["明細"]!.value).toHaveLength(1);
  });

  it("refuses a lookup key that matches no record with GAIA_LO04", async () => {
    const response = await send("POST", "/k/v1/record.json", {
      app: 4,
      record: { ...minimal("T-2"), 顧客メール: { value: "nobody@example.com" } },
    });
    expect(response.status).toBe(400);
    expect(response.json<ErrorBody>().code).toBe("GAIA_LO04");
  });

  it("refuses a required lookup left empty with CB_VA01, as any required field", async () => {
    const record: Record<string, unknown> = minimal("T-4");
    delete record["顧客メール"];
    const response = await send("POST", "/k/v1/record.json", { app: 4, record });
    expect(response.status).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.code).toBe("CB_VA01");
    expect(Object.keys(body.errors ?? {})).toEqual(["record.顧客メール.value"]);
  });

  it("refuses a missing required field and a taken unique value with CB_VA01", async () => {
    const rest: Record<string, unknown> = minimal("P-0001");
    delete rest["案件名"];
    const response = await send("POST", "/k/v1/record.json", { app: 4, record: rest });
    expect(response.status).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body.code).toBe("CB_VA01");
    expect(Object.keys(body.errors ?? {}).sort()).toEqual([
      "record.案件コード.value",
      "record.案件名.value",
    ]);
  });

  it("asks for the assignee when the next status has several candidates", async () => {
    const added = await send("POST", "/k/v1/record.json", { app: 4, record: minimal("T-3") });
    const id = added.json<{ id: string }>().id;
    const without = await send("PUT", "/k/v1/record/status.json", {
      app: 4,
      id,
      action: "着手する",
    });
    expect(without.status).toBe(400);
    expect(without.json<ErrorBody>().errors).toHaveProperty("assignee");
    const withAssignee = await send("PUT", "/k/v1/record/status.json", {
      app: 4,
      id,
      action: "着手する",
      assignee: "sato",
    });
    expect(withAssignee.status).toBe(200);
  });
});
