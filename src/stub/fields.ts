/**
 * kintone's field types, and for each one how its value behaves. Validation, record output,
 * queries and seed loading all read this one table.
 */
export const FIELD_TYPES = [
  "SINGLE_LINE_TEXT",
  "NUMBER",
  "CALC",
  "MULTI_LINE_TEXT",
  "RICH_TEXT",
  "LINK",
  "CHECK_BOX",
  "RADIO_BUTTON",
  "DROP_DOWN",
  "MULTI_SELECT",
  "FILE",
  "DATE",
  "TIME",
  "DATETIME",
  "USER_SELECT",
  "ORGANIZATION_SELECT",
  "GROUP_SELECT",
  "SUBTABLE",
  "GROUP",
  "REFERENCE_TABLE",
  "RECORD_NUMBER",
  "CREATOR",
  "CREATED_TIME",
  "MODIFIER",
  "UPDATED_TIME",
  "STATUS",
  "STATUS_ASSIGNEE",
  "CATEGORY",
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** A field as `app/form/fields.json` describes it. */
export interface FieldProperty {
  type: FieldType;
  code: string;
  label: string;
  [property: string]: unknown;
}

/**
 * - `text`…`table`: values a record stores and a client writes;
 * - `calc`: computed from other fields;
 * - `system`: kept by kintone itself (record number, creator, status…);
 * - `layout`: appears in the form only, never in a record (GROUP, REFERENCE_TABLE).
 */
export type ValueKind =
  | "text"
  | "number"
  | "calc"
  | "date"
  | "time"
  | "datetime"
  | "choice"
  | "choices"
  | "users"
  | "organizations"
  | "groups"
  | "files"
  | "table"
  | "system"
  | "layout";

interface FieldTypeSpec {
  kind: ValueKind;
  /** The value of an empty field in a record (kintone's own choice per type). */
  empty: unknown;
  /** Properties kintone reports for the type, with their defaults. */
  defaults: Record<string, unknown>;
}

const input = { noLabel: false, required: false };
const lengthLimited = { ...input, unique: false, minLength: "", maxLength: "", defaultValue: "" };
const text = { kind: "text", empty: "" } as const;
const entities = { empty: [], defaults: { ...input, defaultValue: [], entities: [] } };

export const FIELD_TYPE_SPECS: Readonly<Record<FieldType, FieldTypeSpec>> = {
  SINGLE_LINE_TEXT: {
    ...text,
    defaults: { ...lengthLimited, expression: "", hideExpression: false },
  },
  NUMBER: {
    kind: "number",
    empty: "",
    defaults: {
      ...input,
      unique: false,
      minValue: "",
      maxValue: "",
      defaultValue: "",
      digit: false,
      displayScale: "",
      unit: "",
      unitPosition: "BEFORE",
    },
  },
  CALC: {
    kind: "calc",
    empty: "",
    defaults: {
      ...input,
      expression: "",
      hideExpression: false,
      format: "NUMBER",
      displayScale: "",
      unit: "",
      unitPosition: "BEFORE",
    },
  },
  MULTI_LINE_TEXT: { ...text, defaults: { ...input, defaultValue: "" } },
  RICH_TEXT: { ...text, defaults: { ...input, defaultValue: "" } },
  LINK: {
    ...text,
    defaults: { ...lengthLimited, protocol: "WEB" },
  },
  CHECK_BOX: {
    kind: "choices",
    empty: [],
    defaults: { ...input, defaultValue: [], options: {}, align: "HORIZONTAL" },
  },
  RADIO_BUTTON: {
    kind: "choice",
    empty: "",
    defaults: { ...input, required: true, defaultValue: "", options: {}, align: "HORIZONTAL" },
  },
  DROP_DOWN: { kind: "choice", empty: null, defaults: { ...input, defaultValue: "", options: {} } },
  MULTI_SELECT: {
    kind: "choices",
    empty: [],
    defaults: { ...input, defaultValue: [], options: {} },
  },
  FILE: { kind: "files", empty: [], defaults: { ...input, thumbnailSize: "150" } },
  DATE: {
    kind: "date",
    empty: null,
    defaults: { ...input, unique: false, defaultValue: "", defaultNowValue: false },
  },
  TIME: {
    kind: "time",
    empty: null,
    defaults: { ...input, defaultValue: "", defaultNowValue: false },
  },
  DATETIME: {
    kind: "datetime",
    empty: "",
    defaults: { ...input, unique: false, defaultValue: "", defaultNowValue: false },
  },
  USER_SELECT: { kind: "users", ...entities },
  ORGANIZATION_SELECT: { kind: "organizations", ...entities },
  GROUP_SELECT: { kind: "groups", ...entities },
  SUBTABLE: { kind: "table", empty: [], defaults: { noLabel: false, fields: {} } },
  GROUP: { kind: "layout", empty: undefined, defaults: { noLabel: false, openGroup: false } },
  REFERENCE_TABLE: { kind: "layout", empty: undefined, defaults: { noLabel: false } },
  RECORD_NUMBER: { kind: "system", empty: "", defaults: { noLabel: false } },
  CREATOR: { kind: "system", empty: null, defaults: { noLabel: false } },
  CREATED_TIME: { kind: "system", empty: "", defaults: { noLabel: false } },
  MODIFIER: { kind: "system", empty: null, defaults: { noLabel: false } },
  UPDATED_TIME: { kind: "system", empty: "", defaults: { noLabel: false } },
  STATUS: { kind: "system", empty: "", defaults: { enabled: false } },
  STATUS_ASSIGNEE: { kind: "system", empty: [], defaults: { enabled: false } },
  CATEGORY: { kind: "system", empty: [], defaults: { enabled: false } },
};

/** The system fields every kintone app has, with the codes an English-language app gets. */
export const SYSTEM_FIELDS: readonly { type: FieldType; code: string; label: string }[] = [
  { type: "RECORD_NUMBER", code: "Record_number", label: "Record number" },
  { type: "CREATOR", code: "Created_by", label: "Created by" },
  { type: "CREATED_TIME", code: "Created_datetime", label: "Created datetime" },
  { type: "MODIFIER", code: "Updated_by", label: "Updated by" },
  { type: "UPDATED_TIME", code: "Updated_datetime", label: "Updated datetime" },
  { type: "STATUS", code: "Status", label: "Status" },
  { type: "STATUS_ASSIGNEE", code: "Assignee", label: "Assignee" },
  { type: "CATEGORY", code: "Categories", label: "Categories" },
];

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === "string" && (FIELD_TYPES as readonly string[]).includes(value);
}

export function kindOf(field: FieldProperty): ValueKind {
  return FIELD_TYPE_SPECS[field.type].kind;
}

/** Fields that hold a value in records (everything but GROUP and REFERENCE_TABLE). */
export function isRecordField(field: FieldProperty): boolean {
  return kindOf(field) !== "layout";
}

/** The inner fields of a SUBTABLE. */
export function subtableFields(field: FieldProperty): Record<string, FieldProperty> {
  return (field.fields ?? {}) as Record<string, FieldProperty>;
}

/** A field code anywhere in the form, subtable columns included. */
export function findField(
  fields: Record<string, FieldProperty>,
  code: string,
): { field: FieldProperty; table?: FieldProperty } | undefined {
  const top = fields[code];
  if (top) return { field: top };
  for (const table of Object.values(fields)) {
    if (table.type !== "SUBTABLE") continue;
    const inner = subtableFields(table)[code];
    if (inner) return { field: inner, table };
  }
  return undefined;
}

/** Option names of a choice field (`options` is `{name: {label, index}}`). */
export function optionNames(field: FieldProperty): string[] {
  return Object.keys((field.options ?? {}) as Record<string, unknown>);
}
