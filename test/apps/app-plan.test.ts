import { describe, expect, it } from "vitest";
import { lookupKeyVariable, planApp } from "../../src/apps/app-plan.js";
import type { AppForm, FormField, ProcessSettings } from "../../src/apps/types.js";
import { bodyText, Placeholder } from "../../src/files/json-body.js";

const text = (code: string, extra: Partial<FormField> = {}): FormField => ({
  code,
  type: "SINGLE_LINE_TEXT",
  ...extra,
});

function form(fields: FormField[], process: ProcessSettings = { enable: false }): AppForm {
  return {
    id: 7,
    name: "Plan",
    fields: Object.fromEntries(fields.map((field) => [field.code, field])),
    layout: [],
    process,
  };
}

/** A process whose first action leads to a status choosing one of `entities`. */
function process(entities: { type: string; code: string | null }[]): ProcessSettings {
  return {
    enable: true,
    states: {
      Open: { name: "Open", index: "0" },
      Doing: {
        name: "Doing",
        index: "1",
        assignee: { type: "ONE", entities: entities.map((entity) => ({ entity })) },
      },
    },
    actions: [{ name: "Start", from: "Open", to: "Doing" }],
  };
}

const lookup = (app: string, key: string) => ({
  relatedApp: { app },
  relatedKeyField: key,
  fieldMappings: [{ field: "Copied", relatedField: "Name" }],
});

describe("required lookups", () => {
  const plan = planApp(
    form([
      text("Customer", { required: true, lookup: lookup("3", "Email") }),
      text("Optional", { lookup: lookup("5", "Code") }),
      text("Copied"),
      {
        code: "Lines",
        type: "SUBTABLE",
        fields: { Item: text("Item", { required: true, lookup: lookup("9", "Sku") }) },
      },
    ]),
  );

  it("take their key from a variable a read of the related app fills", () => {
    expect(plan.lookupKeys).toEqual([
      {
        code: "Customer",
        relatedApp: 3,
        relatedKeyField: "Email",
        variable: "kintoneLookupKey.7.0",
      },
      {
        code: "Item",
        table: "Lines",
        relatedApp: 9,
        relatedKeyField: "Sku",
        variable: lookupKeyVariable(7, 1),
      },
    ]);
    const body = JSON.parse(bodyText(plan.record("a"))) as Record<string, { value: unknown }>;
    expect(body["Customer"]).toEqual({ value: "{{kintoneLookupKey.7.0}}" });
    expect(body["Lines"]).toEqual({
      value: [{ value: { Item: { value: "{{kintoneLookupKey.7.1}}" } } }],
    });
  });

  it("leave an optional lookup and the fields lookups copy out of the bodies", () => {
    expect(Object.keys(plan.record("a"))).toEqual(["Customer", "Lines"]);
    expect(Object.keys(plan.update())).toEqual(["Customer", "Lines"]);
    const optional = plan.contract.fields.find((field) => field.code === "Optional");
    expect(optional?.emptyInBody).toBe(true);
    expect(plan.contract.fields.find((field) => field.code === "Customer")?.emptyInBody).toBe(
      undefined,
    );
  });
});

describe("the status action's assignee", () => {
  const owner: FormField = { code: "Owner", type: "USER_SELECT", required: true };
  const assignee = (entities: { type: string; code: string | null }[], fields = [owner]) =>
    planApp(form(fields, process(entities))).statusAction?.assignee;

  it("is the first user the next status names", () => {
    expect(
      assignee([
        { type: "GROUP", code: "everyone" },
        { type: "USER", code: "sato" },
      ]),
    ).toBe("sato");
  });

  it("is the user the body puts in the field a FIELD_ENTITY names", () => {
    const chosen: FormField = { ...owner, entities: [{ type: "USER", code: "tanaka" }] };
    expect(assignee([{ type: "FIELD_ENTITY", code: "Owner" }], [chosen])).toBe("tanaka");
    const given = assignee([{ type: "FIELD_ENTITY", code: "Owner" }]);
    expect(given).toBeInstanceOf(Placeholder);
    expect((given as Placeholder).name).toBe("userCode");
  });

  it("is the signed-in user ({{userCode}}) for the creator, a group or a department", () => {
    for (const entity of [
      { type: "CREATOR", code: null },
      { type: "GROUP", code: "everyone" },
      { type: "ORGANIZATION", code: "sales" },
      { type: "FIELD_ENTITY", code: "作成者" },
    ]) {
      const chosen = assignee([entity]);
      expect(chosen, entity.type).toBeInstanceOf(Placeholder);
      expect((chosen as Placeholder).name).toBe("userCode");
    }
  });

  it("is left out when the next status offers no one, or lets anyone act", () => {
    expect(assignee([])).toBeUndefined();
    const all = process([{ type: "USER", code: "sato" }]);
    all.states!["Doing"]!.assignee!.type = "ALL";
    expect(planApp(form([owner], all)).statusAction).toEqual({ action: "Start" });
  });
});
