import { Placeholder } from "../files/json-body.js";
import {
  AppVariable,
  isWritable,
  lookupCopiedCodes,
  sampleValue,
  updateKeyField,
} from "./field-values.js";
import { formContract, type FormContract } from "./contract.js";
import { orderedFields } from "./form-order.js";
import type { AppForm, FormField } from "./types.js";

/** Most field codes a read asks for in `fields[]`: enough to see, short enough for a URL. */
const MAX_READ_FIELDS = 30;

/**
 * What an app's requests hold, worked out from its form: the bodies, the codes a read asks for,
 * the update key, the status action and the contract. Pure data; the collection builder lays it
 * out as requests.
 */
export interface AppPlan {
  id: number;
  name: string;
  readFields: string[];
  /** A record with every writable field; `suffix` keeps unique values apart. */
  record(suffix: string): Record<string, unknown>;
  /** The writable fields that take an update: all but the unique ones, which keep their values. */
  update(): Record<string, unknown>;
  updateKey?: { code: string; value(suffix: string): Placeholder };
  hasFiles: boolean;
  /**
   * Required lookups: each key comes from a record of the related app, which a request before
   * the writes reads into `variable` (kintone refuses a key that matches no record).
   */
  lookupKeys: LookupKey[];
  /**
   * `assignee` is a user code, or `{{userCode}}` when the candidates are only known in the run
   * (a field's users, the creator, a group's or department's members).
   */
  statusAction?: { action: string; assignee?: string | Placeholder };
  contract: FormContract;
}

export interface LookupKey {
  /** The lookup field (in `table` for a column). */
  code: string;
  table?: string;
  relatedApp: number;
  relatedKeyField: string;
  variable: string;
}

/** The variable holding an app's n-th required lookup key: a name safe whatever the codes. */
export function lookupKeyVariable(appId: number, index: number): string {
  return `kintoneLookupKey.${appId}.${index}`;
}

export function planApp(app: AppForm): AppPlan {
  const fields = orderedFields(app.fields, app.layout);
  const copied = lookupCopiedCodes(fields);
  const lookupKeys: LookupKey[] = [];
  const lookupValue = new Map<FormField, Placeholder>();
  for (const field of fields) {
    for (const [inner, table] of [
      [field, undefined] as const,
      ...Object.values(field.fields ?? {}).map((column) => [column, field.code] as const),
    ]) {
      if (!inner.lookup || inner.required !== true || !isWritable(inner, copied)) continue;
      const variable = lookupKeyVariable(app.id, lookupKeys.length);
      lookupKeys.push({
        code: inner.code,
        ...(table === undefined ? {} : { table }),
        relatedApp: Number(inner.lookup.relatedApp.app),
        relatedKeyField: inner.lookup.relatedKeyField,
        variable,
      });
      lookupValue.set(inner, new Placeholder(variable));
    }
  }
  // An optional lookup is left out of the bodies: an empty key is all it could take here.
  const inBody = (field: FormField) =>
    isWritable(field, copied) && (!field.lookup || lookupValue.has(field));
  const writable = fields.filter(inBody);
  const key = updateKeyField(writable);
  const recordNumber = fields.find((field) => field.type === "RECORD_NUMBER");
  // `$id` first: the reads keep a record's id from it, whatever the form calls its record number.
  const readFields = [
    "$id",
    ...(recordNumber ? [recordNumber.code] : []),
    ...writable.filter((field) => field.type !== "SUBTABLE").map((field) => field.code),
  ].slice(0, MAX_READ_FIELDS);
  const record = (suffix: string, keep: (field: FormField) => boolean = () => true) =>
    Object.fromEntries(
      writable.filter(keep).map((field) => [field.code, { value: valueOf(field, suffix) }]),
    );
  // Only unique fields' values depend on the suffix: the others are worked out once per app.
  const fixed = new Map<FormField, unknown>();
  const valueOf = (field: FormField, suffix: string): unknown => {
    if (field.unique === true) return fieldValue(field, suffix);
    if (!fixed.has(field)) fixed.set(field, fieldValue(field, suffix));
    return fixed.get(field);
  };
  const fieldValue = (field: FormField, suffix: string): unknown =>
    field.type === "SUBTABLE"
      ? [
          {
            value: Object.fromEntries(
              Object.values(field.fields ?? {})
                .filter(inBody)
                .map((column) => [column.code, { value: valueFor(column, suffix) }]),
            ),
          },
        ]
      : valueFor(field, suffix);
  const valueFor = (field: FormField, suffix: string): unknown =>
    lookupValue.get(field) ?? sampleValue(field, suffix);
  const hasFiles = writable.some(
    (field) =>
      field.type === "FILE" ||
      Object.values(field.fields ?? {}).some((column) => column.type === "FILE"),
  );
  const plan: AppPlan = {
    id: app.id,
    name: app.name,
    readFields,
    record: (suffix) => record(suffix),
    update: () => record("x", (field) => field.unique !== true),
    hasFiles,
    lookupKeys,
    contract: formContract(app.id, fields, key?.code, (field) => {
      if (!isWritable(field, copied) || field.type === "SUBTABLE") return false;
      if (field.lookup) return !lookupValue.has(field);
      const value = field.unique === true ? "unique" : sampleValue(field, "a");
      return value === "" || (Array.isArray(value) && value.length === 0);
    }),
  };
  if (key) {
    plan.updateKey = {
      code: key.code,
      value: (suffix) => sampleValue(key, suffix) as Placeholder,
    };
  }
  const action = firstAction(app, (code) => {
    const field = writable.find((candidate) => candidate.code === code);
    return field?.type === "USER_SELECT" ? sampleValue(field, "a") : undefined;
  });
  if (action) plan.statusAction = action;
  return plan;
}

/**
 * The action a new record can take: from the first status. When the status it leads to lets the
 * acting user choose one assignee (type ONE) and offers anyone, kintone wants exactly one
 * `assignee` among the candidates: the first user named; else the user a user field of the body
 * holds (FIELD_ENTITY); else `{{userCode}}`, the signed-in user the run knows, for the creator
 * (who is the one creating the record) or a group's or department's members. With no
 * candidates at all kintone wants none. `bodyUser` is what the bodies put in a user field.
 */
function firstAction(app: AppForm, bodyUser: (code: string) => unknown): AppPlan["statusAction"] {
  const { process } = app;
  if (process.enable !== true || !process.states || !process.actions) return undefined;
  const states = Object.values(process.states).sort((a, b) => Number(a.index) - Number(b.index));
  const first = states[0];
  const action = process.actions.find((candidate) => candidate.from === first?.name);
  if (!first || !action) return undefined;
  const next = Object.hasOwn(process.states, action.to) ? process.states[action.to] : undefined;
  if (next?.assignee?.type !== "ONE") return { action: action.name };
  const entities = next.assignee.entities.map(({ entity }) => entity);
  if (entities.length === 0) return { action: action.name };
  const user = entities.find((entity) => entity.type === "USER" && entity.code);
  if (user?.code) return { action: action.name, assignee: user.code };
  for (const entity of entities) {
    if (entity.type !== "FIELD_ENTITY" || !entity.code) continue;
    const chosen = bodyUser(entity.code);
    const code = Array.isArray(chosen)
      ? (chosen[0] as { code?: unknown } | undefined)?.code
      : undefined;
    if (typeof code === "string" || code instanceof Placeholder) {
      return { action: action.name, assignee: code };
    }
  }
  return { action: action.name, assignee: new Placeholder(AppVariable.userCode) };
}

/** The ids a sequence of writes created, as the raw JSON list its delete sends. */
export const createdIdsList = new Placeholder(AppVariable.createdIds, { raw: true });
export const currentRecordId = new Placeholder(AppVariable.recordId);
