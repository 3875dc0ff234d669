import type { EventDefinition, ItemDefinition, ItemGroupDefinition } from "postman-collection";
import type { FormDataParam } from "../catalog/types.js";
import { createdIdsList, currentRecordId, type AppPlan } from "../apps/app-plan.js";
import type { FormContract } from "../apps/contract.js";
import { AppVariable } from "../apps/field-values.js";
import { CollectionVariable } from "../environment/variables.js";
import { bodyText, Placeholder } from "../files/json-body.js";
import {
  appFolderName,
  appReadsFolderName,
  appRoundTripFolderName,
  appWritesFolderName,
} from "../files/names.js";
import { scriptLinesWithData } from "./scripts.js";
import { stableId } from "../files/stable-id.js";

/**
 * What the app folders' scripts do for one request, found by the request's id in the steps their
 * folder's scripts carry as data (never code).
 */
export interface AppStep {
  /** Start a sequence of writes: a fresh run id for unique values, no record yet. */
  newRun?: true;
  /** Skip the request (with a console line) while one of these variables is empty. */
  requires?: string[];
  /** Keep the ids the response names as created (`id`, `ids`, upserted `records`). */
  collect?: true;
  /** Keep the first record's id of a `records` answer for the reads that follow. */
  readFirst?: true;
  /** The answer is the sequence's current record. */
  checkRecord?: true;
  /** The cursor is gone once its last page is read: clear `cursorId` then. */
  cursorRead?: true;
  /** The created records were deleted. */
  deleted?: true;
  /** Compare `app/form/fields.json` with the form contract the test script carries. */
  contract?: true;
  /** Keep the first non-empty `field` of the records read as the lookup key in `variable`. */
  lookupKey?: { variable: string; field: string; code: string; app: string };
}

/** What a step does before its request: the rest happens after the response. */
const BEFORE_REQUEST: readonly (keyof AppStep)[] = ["newRun", "requires"];

/**
 * The data an app folder's pre-request script (`steps`) and test script (`steps`, `contract`)
 * carry in their first line. The folder's own scripts, not collection variables: Newman copies
 * every collection variable into the sandbox on every script run of every request, so data kept
 * there would slow down every request of the collection, more with every app.
 */
export interface AppScriptData {
  steps: Record<string, AppStep>;
  contract?: FormContract;
}

/** `Folder`: each app's folder, or its JSON text when laid out as soon as it was built. */
export interface AppFolders<Folder = ItemGroupDefinition> {
  folders: Folder[];
  /** Variables the bodies use that a user fills in (the environment gets an entry for each). */
  userVariables: string[];
}

/** What a user fills in, of the variables bodies may use; the scripts set all the others. */
const USER_VARIABLES: readonly string[] = [
  AppVariable.userCode,
  AppVariable.organizationCode,
  AppVariable.groupCode,
];

export interface AppFolder {
  folder: ItemGroupDefinition;
  /** The variables its bodies use. */
  used: ReadonlySet<string>;
}

/** The variables the environment gets for the user to fill in, in a fixed order. */
export function userVariables(used: readonly ReadonlySet<string>[]): string[] {
  return USER_VARIABLES.filter((name) => used.some((names) => names.has(name)));
}

/**
 * One app's folder, as plain v2.1 JSON: reads (with the form contract test), writes that clean up
 * after themselves, and the opt-in round trip. It depends on that app's form alone, so it can be
 * built as the form arrives. Ids derive from the collection name, the app id and each request's
 * role, so regenerating gives the same ids.
 */
export function buildAppFolder(
  collectionName: string,
  plan: AppPlan,
  uploadParts: readonly FormDataParam[] = [{ key: "file", type: "file" }],
): AppFolder {
  const used = new Set<string>();
  const id = (...parts: string[]) => stableId(collectionName, "app", String(plan.id), ...parts);
  const steps: Record<string, AppStep> = {};
  const item = (role: string, name: string, step: AppStep, spec: RequestSpec): ItemDefinition => {
    const itemId = id("item", role);
    if (step.requires?.length === 0) delete step.requires;
    if (Object.keys(step).length > 0) steps[itemId] = step;
    return requestItem(itemId, name, spec, used, uploadParts);
  };
  const reads = readItems(plan, item);
  const writes = writeItems(plan, item);
  const roundTrip = roundTripItems(plan, item);
  const folder = {
    id: id("folder"),
    name: appFolderName(plan.id, plan.name),
    description:
      "Requests built from this app's form. **reads** is safe anywhere and holds the form contract test; **writes** and **round trip** create records and delete what they created.",
    event: [
      appEvent(id, "prerequest", { steps: stepsPart(steps, true) }),
      appEvent(id, "test", { steps: stepsPart(steps, false), contract: plan.contract }),
    ],
    item: [
      {
        id: id("folder", "reads"),
        name: appReadsFolderName(plan.id),
        description: "Reads only. `Get form fields` checks the form still matches the requests.",
        item: reads,
      },
      {
        id: id("folder", "writes"),
        name: appWritesFolderName(plan.id),
        description:
          "**Changes data in kintone.** Adds, updates and upserts records, then deletes the records it created (and only those).",
        item: writes,
      },
      {
        id: id("folder", "round trip"),
        name: appRoundTripFolderName(plan.id),
        description:
          "**Changes data in kintone.** Create → read → update → comment → status → delete, chained through the created id. The delete runs even when a step before it failed.",
        item: roundTrip,
      },
    ],
  } satisfies ItemGroupDefinition;
  return { folder, used };
}

/** Each script gets only its part of the steps: what happens before the request, or after it. */
function stepsPart(steps: Record<string, AppStep>, before: boolean): Record<string, AppStep> {
  const part: Record<string, AppStep> = {};
  for (const [itemId, step] of Object.entries(steps)) {
    const kept = Object.fromEntries(
      Object.entries(step).filter(
        ([key]) => BEFORE_REQUEST.includes(key as keyof AppStep) === before,
      ),
    );
    if (Object.keys(kept).length > 0) part[itemId] = kept;
  }
  return part;
}

type MakeItem = (role: string, name: string, step: AppStep, spec: RequestSpec) => ItemDefinition;

function readItems(plan: AppPlan, item: MakeItem): ItemDefinition[] {
  const app = String(plan.id);
  const fields = plan.readFields.map((code, index) => ({ key: `fields[${index}]`, value: code }));
  return [
    item(
      "form",
      "Get form fields",
      { contract: true },
      {
        method: "GET",
        path: "app/form/fields.json",
        query: [{ key: "app", value: app }],
        description:
          "Form contract test: every field the requests use still exists, same type, same options.",
      },
    ),
    item(
      "records",
      "Get records",
      { readFirst: true },
      {
        method: "GET",
        path: "records.json",
        query: [
          { key: "app", value: app },
          { key: "query", value: "order by $id desc limit 10" },
          ...fields,
          { key: "totalCount", value: "true" },
        ],
        description: "The 10 newest records, with the form's own field codes.",
      },
    ),
    item(
      "record",
      "Get record",
      { requires: [AppVariable.readRecordId] },
      {
        method: "GET",
        path: "record.json",
        query: [
          { key: "app", value: app },
          { key: "id", value: `{{${AppVariable.readRecordId}}}`, variable: true },
        ],
        description: "The newest record that Get records found (skipped when the app has none).",
      },
    ),
    item(
      "cursor create",
      "Create cursor",
      {},
      {
        method: "POST",
        path: "records/cursor.json",
        body: { app: plan.id, fields: plan.readFields, query: "order by $id desc", size: 100 },
        description: "A cursor over every record (kept as `cursorId`).",
      },
    ),
    item(
      "cursor get",
      "Get cursor records",
      { requires: ["cursorId"], cursorRead: true },
      {
        method: "GET",
        path: "records/cursor.json",
        query: [{ key: "id", value: "{{cursorId}}", variable: true }],
        description:
          "The cursor's first page; kintone deletes a cursor once its last page is read.",
      },
    ),
    item(
      "cursor delete",
      "Delete cursor",
      { requires: ["cursorId"] },
      {
        method: "DELETE",
        path: "records/cursor.json",
        body: { id: "{{cursorId}}" },
        rawVariables: true,
        description:
          "Deletes the cursor when pages are left (skipped once it was read to the end).",
      },
    ),
  ];
}

function writeItems(plan: AppPlan, item: MakeItem): ItemDefinition[] {
  const items: ItemDefinition[] = [];
  const keys = plan.lookupKeys.map((key) => key.variable);
  if (plan.hasFiles) items.push(uploadItem(plan, item, "writes"));
  items.push(...lookupItems(plan, item, "writes"));
  items.push(
    item(
      "add",
      "Add record",
      { newRun: true, collect: true, requires: keys },
      {
        method: "POST",
        path: "record.json",
        body: { app: plan.id, record: plan.record("a") },
        description: "Every writable field, typed as the form wants it.",
      },
    ),
    item(
      "add many",
      "Add records",
      { collect: true, requires: keys },
      {
        method: "POST",
        path: "records.json",
        body: { app: plan.id, records: [plan.record("b1"), plan.record("b2")] },
        description: "Two records in one request.",
      },
    ),
    item(
      "update",
      "Update record",
      { requires: [AppVariable.recordId, ...keys] },
      {
        method: "PUT",
        path: "record.json",
        body: { app: plan.id, id: currentRecordId, revision: -1, record: plan.update() },
        description: "Updates the record Add record created.",
      },
    ),
  );
  if (plan.updateKey) {
    const key = plan.updateKey;
    items.push(
      item(
        "update by key",
        "Update record by key",
        { requires: [AppVariable.recordId, ...keys] },
        {
          method: "PUT",
          path: "record.json",
          body: {
            app: plan.id,
            updateKey: { field: key.code, value: key.value("a") },
            record: plan.update(),
          },
          description: `Finds the record Add record created by its unique field.`,
        },
      ),
      item(
        "upsert",
        "Upsert records",
        { collect: true, requires: keys },
        {
          method: "PUT",
          path: "records.json",
          body: {
            app: plan.id,
            upsert: true,
            records: [
              {
                updateKey: { field: key.code, value: key.value("u") },
                record: withoutKey(plan.record("u"), key.code),
              },
            ],
          },
          description: "A key no record holds yet: kintone adds the record.",
        },
      ),
    );
  }
  if (plan.statusAction) items.push(statusItem(plan, item, "writes"));
  items.push(deleteItem(plan, item, "writes", "Delete created records"));
  return items;
}

function roundTripItems(plan: AppPlan, item: MakeItem): ItemDefinition[] {
  const app = String(plan.id);
  const items: ItemDefinition[] = [];
  const keys = plan.lookupKeys.map((key) => key.variable);
  if (plan.hasFiles) items.push(uploadItem(plan, item, "round trip"));
  items.push(...lookupItems(plan, item, "round trip"));
  items.push(
    item(
      "round trip create",
      "Create record",
      { newRun: true, collect: true, requires: keys },
      {
        method: "POST",
        path: "record.json",
        body: { app: plan.id, record: plan.record("r") },
        description: "Step 1: a record with every writable field.",
      },
    ),
    item(
      "round trip read",
      "Read record",
      { requires: [AppVariable.recordId], checkRecord: true },
      {
        method: "GET",
        path: "record.json",
        query: [
          { key: "app", value: app },
          { key: "id", value: `{{${AppVariable.recordId}}}`, variable: true },
        ],
        description: "Step 2: reads it back.",
      },
    ),
    item(
      "round trip update",
      "Update record",
      { requires: [AppVariable.recordId, ...keys] },
      {
        method: "PUT",
        path: "record.json",
        body: { app: plan.id, id: currentRecordId, revision: -1, record: plan.update() },
        description: "Step 3: updates it.",
      },
    ),
    item(
      "round trip comment",
      "Add comment",
      { requires: [AppVariable.recordId] },
      {
        method: "POST",
        path: "record/comment.json",
        body: {
          app: plan.id,
          record: currentRecordId,
          comment: { text: "Round trip by kintone-postman" },
        },
        description: "Step 4: comments on it.",
      },
    ),
  );
  if (plan.statusAction) items.push(statusItem(plan, item, "round trip"));
  items.push(deleteItem(plan, item, "round trip", "Delete record"));
  return items;
}

function uploadItem(plan: AppPlan, item: MakeItem, folder: string): ItemDefinition {
  return item(
    `${folder} upload`,
    "Upload file",
    {},
    {
      method: "POST",
      path: "file.json",
      formData: true,
      description:
        "The file the attachment fields get (kept as `uploadedFileKey`). In Postman, choose the file.",
    },
  );
}

/**
 * One read per required lookup, before the writes: a record of the related app that holds a key,
 * kept in the variable the bodies use (kintone refuses a key that matches no record).
 */
function lookupItems(plan: AppPlan, item: MakeItem, folder: string): ItemDefinition[] {
  return plan.lookupKeys.map((key, index) =>
    item(
      `${folder} lookup ${index}`,
      `Find lookup key: ${key.code}`,
      {
        lookupKey: {
          variable: key.variable,
          field: key.relatedKeyField,
          code: key.code,
          app: String(key.relatedApp),
        },
      },
      {
        method: "GET",
        path: "records.json",
        query: [
          { key: "app", value: String(key.relatedApp) },
          { key: "query", value: "order by $id desc limit 10" },
          { key: "fields[0]", value: key.relatedKeyField },
        ],
        description: `Reads app ${key.relatedApp} for a record whose key the lookup can take; the bodies send it.`,
      },
    ),
  );
}

/** The status action needs the record, and `userCode` when the assignee is the signed-in user. */
function statusRequires(action: NonNullable<AppPlan["statusAction"]>): string[] {
  return action.assignee instanceof Placeholder
    ? [AppVariable.recordId, action.assignee.name]
    : [AppVariable.recordId];
}

function statusItem(plan: AppPlan, item: MakeItem, folder: string): ItemDefinition {
  const action = plan.statusAction!;
  return item(
    `${folder} status`,
    "Run status action",
    { requires: statusRequires(action) },
    {
      method: "PUT",
      path: "record/status.json",
      body: {
        app: plan.id,
        id: currentRecordId,
        action: action.action,
        ...(action.assignee === undefined ? {} : { assignee: action.assignee }),
        revision: -1,
      },
      description: "Runs the first action of the process on the new record.",
    },
  );
}

function deleteItem(plan: AppPlan, item: MakeItem, folder: string, name: string): ItemDefinition {
  return item(
    `${folder} delete`,
    name,
    { requires: [AppVariable.createdIds], deleted: true },
    {
      method: "DELETE",
      path: "records.json",
      body: { app: plan.id, ids: createdIdsList },
      description:
        "Deletes exactly the records this folder created (their ids were kept from the answers), also after a failed step.",
    },
  );
}

function withoutKey(record: Record<string, unknown>, code: string): Record<string, unknown> {
  const copy = { ...record };
  delete copy[code];
  return copy;
}

interface RequestSpec {
  method: string;
  path: string;
  /** `variable`: the value is one of our `{{…}}` references, not data to encode. */
  query?: { key: string; value: string; variable?: true }[];
  body?: unknown;
  formData?: true;
  /** The body's `{{…}}` strings are variables of ours, not data. */
  rawVariables?: true;
  description: string;
}

function requestItem(
  id: string,
  name: string,
  spec: RequestSpec,
  used: Set<string>,
  uploadParts: readonly FormDataParam[],
): ItemDefinition {
  const query = (spec.query ?? []).map((param) => ({
    key: param.key,
    value: param.variable ? param.value : queryValue(param.value),
  }));
  const path = ["k", `{{${CollectionVariable.apiRoot}}}`, ...spec.path.split("/")];
  const search = query.map((param) => `${param.key}=${param.value}`).join("&");
  const request: ItemDefinition["request"] = {
    method: spec.method,
    description: spec.description,
    url: {
      raw: `{{baseUrl}}/${path.join("/")}${search === "" ? "" : `?${search}`}`,
      host: ["{{baseUrl}}"],
      path,
      query,
    } as never,
  };
  if (spec.formData) {
    Object.assign(request as object, {
      body: {
        mode: "formdata",
        formdata: uploadParts.map(({ key, type, src }) =>
          src === undefined ? { key, type } : { key, type, src },
        ),
      },
    });
  } else if (spec.body !== undefined) {
    Object.assign(request as object, {
      header: [{ key: "Content-Type", value: "application/json" }],
      body: {
        mode: "raw",
        raw: spec.rawVariables ? JSON.stringify(spec.body, null, 2) : bodyText(spec.body, used),
        options: { raw: { language: "json" } },
      },
    });
  }
  return { id, name, request };
}

/**
 * A query value as Postman sends it: the characters that would end or change the parameter (`&`,
 * `#`, `+`, `=`, `%`, the `{` of a variable) and line breaks are percent-encoded; Postman encodes
 * the rest itself, so Japanese stays readable.
 */
function queryValue(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it must encode
  return text.replace(/[&#+=%{}\u0000-\u001f\u007f\u2028\u2029]/g, (char) =>
    encodeURIComponent(char),
  );
}

function appEvent(
  id: (...parts: string[]) => string,
  listen: "prerequest" | "test",
  data: AppScriptData,
): EventDefinition {
  const name = listen === "prerequest" ? "app-prerequest" : "app-test";
  return {
    listen,
    script: {
      id: id("script", name),
      type: "text/javascript",
      exec: scriptLinesWithData(name, data),
    },
  };
}
