import { Placeholder } from "../files/json-body.js";
import type { FormField } from "./types.js";

/** Variables the app folders' scripts fill during a run; the bodies refer to them. */
export const AppVariable = {
  /** A fresh value per sequence of writes, so unique fields get values no record holds. */
  runId: "kintoneRunId",
  /** The record the current sequence works on. */
  recordId: "kintoneRecordId",
  /** JSON list of the ids the current sequence created: what its delete removes. */
  createdIds: "kintoneCreatedIds",
  /** A record read by the reads folder. */
  readRecordId: "kintoneReadRecordId",
  /** Set by Upload file (the collection's test script keeps it). */
  uploadedFileKey: "uploadedFileKey",
  /** A user, organization or group for selection fields that offer no choice of their own. */
  userCode: "userCode",
  organizationCode: "organizationCode",
  groupCode: "groupCode",
} as const;

/** Field types whose values kintone computes or keeps itself: never in a body. */
const READ_ONLY_TYPES = new Set([
  "CALC",
  "RECORD_NUMBER",
  "CREATOR",
  "CREATED_TIME",
  "MODIFIER",
  "UPDATED_TIME",
  "STATUS",
  "STATUS_ASSIGNEE",
  "CATEGORY",
  "GROUP",
  "REFERENCE_TABLE",
  "LABEL",
  "SPACER",
  "HR",
]);

/** The fields a lookup fills (its field mappings' targets). */
export function lookupCopiedCodes(fields: readonly FormField[]): Set<string> {
  const codes = new Set<string>();
  for (const field of fields) {
    for (const mapping of field.lookup?.fieldMappings ?? []) codes.add(mapping.field);
    for (const column of Object.values(field.fields ?? {})) {
      for (const mapping of column.lookup?.fieldMappings ?? []) codes.add(mapping.field);
    }
  }
  return codes;
}

export function isWritable(field: FormField, copied: ReadonlySet<string>): boolean {
  return !READ_ONLY_TYPES.has(field.type) && !copied.has(field.code);
}

/** A unique field that can serve as `updateKey`: text or number, not a lookup. */
export function updateKeyField(fields: readonly FormField[]): FormField | undefined {
  return fields.find(
    (field) =>
      field.unique === true &&
      (field.type === "SINGLE_LINE_TEXT" || field.type === "NUMBER") &&
      !field.lookup,
  );
}

/** `suffix` tells records of one sequence apart in their unique fields. */
export function uniqueValue(field: FormField, suffix: string): Placeholder {
  return field.type === "NUMBER"
    ? new Placeholder(AppVariable.runId, { prefix: "", suffix: numericSuffix(suffix) })
    : new Placeholder(AppVariable.runId, { prefix: "kp-", suffix: `-${suffix}` });
}

function numericSuffix(suffix: string): string {
  return [...suffix].map((char) => String(char.charCodeAt(0) % 10)).join("");
}

/**
 * A value kintone accepts for the field, as its type and settings want it: the default where
 * the form has one, a real option, a number inside its bounds, a length inside its limits.
 */
export function sampleValue(field: FormField, uniqueSuffix: string): unknown {
  if (field.unique === true && (field.type === "SINGLE_LINE_TEXT" || field.type === "NUMBER")) {
    return uniqueValue(field, uniqueSuffix);
  }
  // A lookup takes a key of its related app: the plan reads one in the run (or leaves it out).
  if (field.lookup) return "";
  switch (field.type) {
    case "SINGLE_LINE_TEXT":
      return textValue(field, "kintone-postman");
    case "MULTI_LINE_TEXT":
      return textValue(field, "kintone-postman\nsecond line");
    case "RICH_TEXT":
      return nonEmpty(field.defaultValue) ?? "<div>kintone-postman</div>";
    case "NUMBER":
      return numberValue(field);
    case "LINK":
      return linkValue(field);
    case "CHECK_BOX":
    case "MULTI_SELECT": {
      const chosen = Array.isArray(field.defaultValue) ? (field.defaultValue as string[]) : [];
      const options = optionNames(field);
      const valid = chosen.filter((name) => options.includes(name));
      return valid.length > 0 ? valid : options.slice(0, 1);
    }
    case "RADIO_BUTTON":
    case "DROP_DOWN": {
      const options = optionNames(field);
      const chosen = typeof field.defaultValue === "string" ? field.defaultValue : "";
      return options.includes(chosen) ? chosen : (options[0] ?? "");
    }
    case "DATE":
      return "2030-01-31";
    case "TIME":
      return "09:30";
    case "DATETIME":
      return "2030-01-31T00:30:00Z";
    case "USER_SELECT":
      // The environment's userCode names a real user, so every user field gets one.
      return entitiesValue(field, "USER", AppVariable.userCode, true);
    case "ORGANIZATION_SELECT":
      return entitiesValue(field, "ORGANIZATION", AppVariable.organizationCode);
    case "GROUP_SELECT":
      return entitiesValue(field, "GROUP", AppVariable.groupCode);
    case "FILE":
      return [{ fileKey: new Placeholder(AppVariable.uploadedFileKey) }];
    default:
      return "";
  }
}

/** Option names in the form's order (`index`), then by name. */
export function optionNames(field: FormField): string[] {
  return Object.entries(field.options ?? {})
    .sort(([a, x], [b, y]) => Number(x.index) - Number(y.index) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name]) => name);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function textValue(field: FormField, sample: string): string {
  const text = nonEmpty(field.defaultValue) ?? sample;
  const min = Number(field.minLength || 0);
  const max = Number(field.maxLength || Infinity);
  const chars = [...text];
  while (chars.length < min) chars.push("x");
  return chars.slice(0, Math.max(max, 0)).join("");
}

function numberValue(field: FormField): string {
  const given = nonEmpty(field.defaultValue);
  if (given !== undefined) return given;
  const min = field.minValue ? Number(field.minValue) : undefined;
  const max = field.maxValue ? Number(field.maxValue) : undefined;
  if (min !== undefined && Number.isFinite(min)) return String(field.minValue);
  if (max !== undefined && Number.isFinite(max) && max < 1) return String(field.maxValue);
  return "1";
}

function linkValue(field: FormField): string {
  switch (field.protocol) {
    case "CALL":
      return "0312345678";
    case "MAIL":
      return "someone@example.com";
    default:
      return "https://example.com";
  }
}

/**
 * `[{"code": …}]`: the field's default if it names one (not a function), else the first entity
 * the field offers, else the variable a user fills in (empty when the field is optional).
 */
function entitiesValue(field: FormField, type: string, variable: string, always = false): unknown {
  const defaults = Array.isArray(field.defaultValue)
    ? (field.defaultValue as { type?: string; code?: string }[])
    : [];
  const named = [...defaults, ...(field.entities ?? [])].find(
    (entity) => entity.type === type && typeof entity.code === "string" && entity.code !== "",
  );
  if (named) return [{ code: named.code }];
  return always || field.required === true ? [{ code: new Placeholder(variable) }] : [];
}
