import { Placeholder, SharedJson } from "../files/json-body.js";
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
  statusAction?: { action: string; assignee?: string };
  contract: FormContract;
}

export function planApp(app: AppForm): AppPlan {
  const fields = orderedFields(app.fields, app.layout);
  const copied = lookupCopiedCodes(fields);
  const writable = fields.filter((field) => isWritable(field, copied));
  const key = updateKeyField(writable);
  const recordNumber = fields.find((field) => field.type === "RECORD_NUMBER");
  // `$id` first: the reads keep a record's id from it, whatever the form calls its record number.
  const readFields = [
    "$id",
    ...(recordNumber ? [recordNumber.code] : []),
    ...writable.filter((field) => field.type !== "SUBTABLE").map((field) => field.code),
  ].slice(0, MAX_READ_FIELDS);
  const record = (suffix: string, keep: (field: FormField) => boolean = () => true) => {
    // No prototype: a field code such as `__proto__` is a key like any other.
    const body = Object.create(null) as Record<string, unknown>;
    for (const field of writable) if (keep(field)) body[field.code] = entryOf(field, suffix);
    return body;
  };
  // Only unique fields' values depend on the suffix: the others are worked out once per app, and
  // the same objects recur in every body (the body writer renders each of them once).
  const fixed = new Map<FormField, SharedJson>();
  const entryOf = (field: FormField, suffix: string): unknown => {
    if (field.unique === true) return { value: fieldValue(field, suffix) };
    let entry = fixed.get(field);
    if (entry === undefined) {
      fixed.set(field, (entry = new SharedJson({ value: fieldValue(field, suffix) })));
    }
    return entry;
  };
  const fieldValue = (field: FormField, suffix: string): unknown =>
    field.type === "SUBTABLE"
      ? [
          {
            value: Object.fromEntries(
              Object.values(field.fields ?? {})
                .filter((column) => isWritable(column, copied))
                .map((column) => [column.code, { value: sampleValue(column, suffix) }]),
            ),
          },
        ]
      : sampleValue(field, suffix);
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
    contract: formContract(app.id, fields, key?.code, (field) => {
      if (!isWritable(field, copied) || field.type === "SUBTABLE") return false;
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
  const action = firstAction(app);
  if (action) plan.statusAction = action;
  return plan;
}

/**
 * The action a new record can take: from the first status. When the status it leads to lets the
 * acting user choose one assignee among candidates, kintone wants `assignee`: the first user named.
 */
function firstAction(app: AppForm): AppPlan["statusAction"] {
  const { process } = app;
  if (process.enable !== true || !process.states || !process.actions) return undefined;
  const states = Object.values(process.states).sort((a, b) => Number(a.index) - Number(b.index));
  const first = states[0];
  const action = process.actions.find((candidate) => candidate.from === first?.name);
  if (!first || !action) return undefined;
  const next = process.states[action.to];
  const user =
    next?.assignee?.type === "ONE"
      ? next.assignee.entities.find(({ entity }) => entity.type === "USER" && entity.code)
      : undefined;
  return user?.entity.code
    ? { action: action.name, assignee: user.entity.code }
    : { action: action.name };
}

/** The ids a sequence of writes created, as the raw JSON list its delete sends. */
export const createdIdsList = new Placeholder(AppVariable.createdIds, { raw: true });
export const currentRecordId = new Placeholder(AppVariable.recordId);
