import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planApp } from "../../src/apps/app-plan.js";
import type { AppForm, FormField } from "../../src/apps/types.js";
import { buildAppFolder } from "../../src/collection/app-folder.js";
import { scriptPath } from "../../src/collection/scripts.js";
import { generate } from "../../src/generate/index.js";
import { run } from "../../src/runner/run.js";
import { SYSTEM_FIELDS } from "../../src/stub/fields.js";
import type { RunningStub } from "../../src/stub/index.js";
import type { SeedApp, SeedField } from "../../src/stub/seed/types.js";
import { defaultSeed } from "../../src/stub/seed/default-seed.js";
import { startTestStub } from "../helpers/certificates.js";
import { collectionValidator } from "../helpers/collection-schema.js";
import { sharedFile } from "../helpers/shared.js";

/**
 * Field codes, option names and app names of any content (quotes, backticks, `</script>`,
 * U+2028, emoji, Postman's own `{{…}}`) travel as JSON data and never change a script or a body.
 */
const HOSTILE = [
  '"',
  "'",
  "`",
  "\\",
  "</script>",
  "\u2028",
  "\u2029",
  "😀",
  "{{baseUrl}}",
  "{{",
  "}}",
  "${x}",
  "&",
  "#",
  "%41",
  "+",
  "=",
  "?",
  "/",
  "\n",
  "案件",
  "ｶﾅ",
  " ",
  "$id",
  "__proto__",
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(""))
  .filter((value) => value.trim() !== "");

const SYSTEM_CODES = new Set(SYSTEM_FIELDS.map((field) => field.code));
const options = fc.uniqueArray(text, { minLength: 1, maxLength: 4 });
const simpleField = (code: string) =>
  fc.oneof(
    fc.record({
      code: fc.constant(code),
      type: fc.constant("SINGLE_LINE_TEXT" as const),
      required: fc.boolean(),
      unique: fc.boolean(),
    }),
    fc.record({
      code: fc.constant(code),
      type: fc.constant("NUMBER" as const),
      required: fc.boolean(),
    }),
    fc.record({ code: fc.constant(code), type: fc.constant("MULTI_LINE_TEXT" as const) }),
    fc.record({
      code: fc.constant(code),
      type: fc.constant("DATE" as const),
      required: fc.boolean(),
    }),
    fc.record({
      code: fc.constant(code),
      type: fc.constantFrom("CHECK_BOX" as const, "MULTI_SELECT" as const),
      options,
      required: fc.boolean(),
    }),
    fc.record({
      code: fc.constant(code),
      type: fc.constantFrom("RADIO_BUTTON" as const, "DROP_DOWN" as const),
      options,
      required: fc.boolean(),
    }),
  ) as fc.Arbitrary<SeedField>;

/** A form: up to 6 fields (one may be a table of up to 3 columns), every code distinct. */
const form: fc.Arbitrary<{ name: string; fields: SeedField[] }> = fc
  .record({
    name: text,
    codes: fc.uniqueArray(text, { minLength: 2, maxLength: 9 }),
    withTable: fc.boolean(),
  })
  .chain(({ name, codes, withTable }) => {
    const usable = codes.filter((code) => !SYSTEM_CODES.has(code));
    const top = withTable ? usable.slice(0, -3) : usable;
    const columns = withTable ? usable.slice(-3) : [];
    return fc
      .record({
        fields: fc.tuple(...top.map(simpleField)),
        columns: fc.tuple(...columns.map(simpleField)),
      })
      .map(({ fields, columns: inner }) => ({
        name,
        fields: [
          ...fields,
          ...(inner.length > 0 && top.length > 0
            ? [{ code: `${top[0]}-table`, type: "SUBTABLE" as const, fields: inner }]
            : []),
        ].filter((field) => !SYSTEM_CODES.has(field.code)),
      }));
  })
  .filter(({ fields }) => new Set(allCodes(fields)).size === allCodes(fields).length);

function allCodes(fields: SeedField[]): string[] {
  return fields.flatMap((field) => [field.code, ...(field.fields ?? []).map((f) => f.code)]);
}

/** The form as `app/form/fields.json` would describe it (enough for the plan). */
function asForm(id: number, seed: { name: string; fields: SeedField[] }): AppForm {
  const property = (field: SeedField): FormField => ({
    ...field,
    options: Array.isArray(field.options)
      ? Object.fromEntries(
          field.options.map((name, i) => [name, { label: name, index: String(i) }]),
        )
      : undefined,
    fields: field.fields
      ? Object.fromEntries(field.fields.map((column) => [column.code, property(column)]))
      : undefined,
  });
  return {
    id,
    name: seed.name,
    fields: Object.fromEntries(seed.fields.map((field) => [field.code, property(field)])),
    layout: [],
    process: { enable: false },
  };
}

const schema = sharedFile("postman-schemas/collection-v2.1.0.schema.json");
const validate = schema.present ? collectionValidator(schema.path) : undefined;

/** Every `{{name}}` replaced as Postman would, with a value of the right kind. */
function substituted(raw: string): string {
  return raw.replace(/\{\{([^{}]+)\}\}/g, (_, name: string) =>
    name === "kintoneCreatedIds" ? '["1"]' : "1",
  );
}

interface Item {
  name: string;
  item?: Item[];
  event?: { listen: string; script: { exec: string[] } }[];
  request?: { body?: { raw?: string }; url: { query?: { key: string; value: string }[] } };
}

/** An app folder's pre-request and test scripts, as the lines Postman runs. */
function scriptsOf(folder: Item): string[] {
  return ["prerequest", "test"].map((listen) =>
    folder.event!.find((event) => event.listen === listen)!.script.exec.join("\n"),
  );
}

/** One empty context for every data line (a new context per script costs a millisecond or two). */
const dataContext = vm.createContext({});

/** Compiles a script, then reads the data its first line holds without running the rest. */
function compiledData(script: string): unknown {
  new vm.Script(script);
  return vm.runInContext(`(() => {\n${script.split("\n")[0]}\nreturn appData;\n})()`, dataContext);
}

describe("hostile field codes, option names and app names", () => {
  it("scripts compile as they are (no data is ever spliced into them)", () => {
    for (const name of ["prerequest", "test", "app-prerequest", "app-test"] as const) {
      expect(() => new vm.Script(readFileSync(scriptPath(name), "utf8"))).not.toThrow();
    }
  });

  it("stay data in bodies, queries, names and the contract (200 generated forms)", () => {
    fc.assert(
      fc.property(form, (seed) => {
        const plan = planApp(asForm(7, seed));
        const { folder } = buildAppFolder("prop", plan);
        const collection = {
          info: {
            name: "prop",
            schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
          },
          item: [folder],
        };
        if (validate) expect(validate(collection)).toBe(true);
        // The collection survives a JSON round trip and names the app verbatim.
        const parsed = JSON.parse(JSON.stringify(collection)) as { item: Item[] };
        expect(parsed.item[0]!.name).toBe(`App 7 · ${seed.name}`);
        const requests: Item[] = [];
        const walk = (items: Item[]) =>
          items.forEach((item) => (item.item ? walk(item.item) : requests.push(item)));
        walk(parsed.item);
        for (const request of requests) {
          const raw = request.request?.body?.raw;
          if (raw === undefined) continue;
          // Only our own variables are variables: data never holds a `{{`.
          for (const match of raw.matchAll(/\{\{([^{}]*)\}\}/g)) {
            expect([
              "kintoneRunId",
              "kintoneRecordId",
              "kintoneCreatedIds",
              "userCode",
              "cursorId",
              "uploadedFileKey",
            ]).toContain(match[1]);
          }
          JSON.parse(substituted(raw));
        }
        const add = requests.find((r) => r.name === "Add record")!;
        const body = JSON.parse(substituted(add.request!.body!.raw!)) as {
          record: Record<string, unknown>;
        };
        expect(Object.keys(body.record).sort()).toEqual(seed.fields.map((f) => f.code).sort());
        // Query values decode back to the codes.
        const read = requests.find((r) => r.name === "Get records")!;
        const codes = read.request!.url.query!.filter((q) => q.key.startsWith("fields["));
        // No layout here: fields come in code-point order.
        const topCodes = seed.fields
          .filter((f) => f.type !== "SUBTABLE")
          .map((f) => f.code)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(codes.map((q) => decodeURIComponent(q.value))).toEqual(
          ["$id", ...topCodes].slice(0, 30),
        );
        // The folder's scripts compile, and their first line gives back the data as it was.
        const [prerequest, test] = scriptsOf(parsed.item[0]!).map(compiledData);
        expect(prerequest).toEqual({ steps: expect.any(Object) });
        const { contract } = test as { contract: { fields: { code: string }[] } };
        expect(contract).toEqual(JSON.parse(JSON.stringify(plan.contract)));
        expect(contract.fields.map((f) => f.code).sort()).toEqual(allCodes(seed.fields).sort());
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });
});

/** Every field type the forms above use, a subtable's columns included. */
const FIELD_TYPES = [
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "MULTI_LINE_TEXT",
  "DATE",
  "CHECK_BOX",
  "MULTI_SELECT",
  "RADIO_BUTTON",
  "DROP_DOWN",
  "SUBTABLE",
];

/** The field types and hostile pieces an app's name, codes and options hold. */
function traitsOf(app: { name: string; fields: SeedField[] }): Set<string> {
  const fields = app.fields.flatMap((field) => [field, ...(field.fields ?? [])]);
  const texts = [
    app.name,
    ...fields.flatMap((f) => [f.code, ...(Array.isArray(f.options) ? f.options : [])]),
  ].join("\u0000"); // a separator no piece holds: no piece is made across two texts
  return new Set([
    ...fields.map((field) => `type ${field.type}`),
    ...HOSTILE.filter((piece) => texts.includes(piece)).map((piece) => `text ${piece}`),
  ]);
}

/** The indexes of the apps, in order, that each add a field type or a hostile piece. */
function coveringApps(apps: { name: string; fields: SeedField[] }[]): number[] {
  const covered = new Set<string>();
  const picked: number[] = [];
  apps.forEach((app, index) => {
    const traits = [...traitsOf(app)];
    if (traits.every((trait) => covered.has(trait))) return;
    picked.push(index);
    traits.forEach((trait) => covered.add(trait));
  });
  return picked;
}

describe("through `generate --app` and Newman", () => {
  // The property above builds 200 forms in this process; over the wire (the stub's JSON, the
  // official client's reading, Newman's sandbox) a sample of 50 apps is read, and Newman runs the
  // few among them that hold every field type and every hostile piece (about 40 ms a request,
  // a dozen requests an app: each further app would cost half a second and prove nothing new).
  const APPS = fc.sample(form, { numRuns: 50, seed: 8 });
  const RUN = coveringApps(APPS);
  const FIRST = 100;
  let stub: RunningStub;
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "kintone-postman-hostile-"));
    const apps: SeedApp[] = APPS.map((app, index) => ({ id: FIRST + index, ...app }));
    stub = await startTestStub({ seed: { ...defaultSeed, apps: [...defaultSeed.apps, ...apps] } });
  });
  afterAll(async () => {
    await stub?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("reads 50 hostile apps, writes a valid collection, and the folders of those that cover every field type and hostile piece run green", async () => {
    const ids = APPS.map((_, index) => String(FIRST + index));
    const connection = {
      baseUrl: stub.url,
      username: "Administrator",
      password: "stub-password",
      sslExtraCaCerts: stub.caCertPath,
    };
    const started = Date.now();
    const files = await generate({ ...connection, out, name: "hostile", apps: ids });
    console.log(`generate --app for ${ids.length} hostile apps: ${Date.now() - started} ms`);
    const collection = JSON.parse(await readFile(files.collectionPath, "utf8")) as { item: Item[] };
    if (validate) expect(validate(collection), JSON.stringify(validate.errors?.[0])).toBe(true);
    expect(collection.item.slice(1, APPS.length + 1).map((item) => item.name)).toEqual(
      APPS.map((app, index) => `App ${FIRST + index} · ${app.name}`),
    );
    // Every app folder's scripts compile, and their data line reads back; the collection itself
    // carries no app data in its variables (Newman copies those into every script run).
    for (const folder of collection.item.slice(1, APPS.length + 1)) {
      for (const script of scriptsOf(folder)) expect(compiledData(script)).toHaveProperty("steps");
    }
    const variables = (collection as { variable?: { key: string }[] }).variable ?? [];
    expect(variables.map((variable) => variable.key)).toEqual([
      "baseUrl",
      "apiRoot",
      "kintoneErrorHints",
      "kintoneBlastRadius",
      "kintoneNoApiToken",
    ]);
    // Newman over the covering apps: reads (with the contract test) and round trips.
    const covered = new Set(RUN.flatMap((index) => [...traitsOf(APPS[index]!)]));
    expect(FIELD_TYPES.filter((type) => !covered.has(`type ${type}`))).toEqual([]);
    expect(HOSTILE.filter((piece) => !covered.has(`text ${piece}`))).toEqual([]);
    const report = join(out, "report.json");
    const result = await run({
      collection: files.collectionPath,
      folders: RUN.map((index) => ids[index]!).flatMap((id) => [
        `App ${id} · reads`,
        `App ${id} · round trip`,
      ]),
      connection: { username: "Administrator", password: "stub-password" },
      tls: { sslExtraCaCerts: stub.caCertPath },
      envVars: ["userCode=Administrator"],
      reporters: [],
      reporterJsonExport: report,
      print: () => {},
    });
    const failures = (
      JSON.parse(await readFile(report, "utf8")) as {
        run: { failures: { error: { test?: string; message: string } }[] };
      }
    ).run.failures.map((f) => `${f.error.test}: ${f.error.message}`);
    expect(failures).toEqual([]);
    expect(result.exitCode).toBe(0);
  }, 300_000);
});
