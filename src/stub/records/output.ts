import {
  FIELD_TYPE_SPECS,
  isRecordField,
  kindOf,
  subtableFields,
  type FieldProperty,
} from "../fields.js";
import { fieldsOf, type AppData, type RecordData, type StoredRow } from "../state.js";
import { evaluateCalc } from "./calc.js";

export type RecordOutput = Record<string, { type: string; value: unknown }>;

/**
 * A record as Get Record returns it: every field of the live form with its type, plus `$id` and
 * `$revision`. With `fields`, only those codes (and `$id`/`$revision` only when listed).
 */
export function recordOutput(
  app: AppData,
  record: RecordData,
  fields?: readonly string[],
): RecordOutput {
  const wanted = fields && fields.length > 0 ? new Set(fields) : undefined;
  const output: RecordOutput = {};
  const include = (code: string) => wanted === undefined || wanted.has(code);
  if (include("$id")) output.$id = { type: "__ID__", value: String(record.id) };
  if (include("$revision"))
    output.$revision = { type: "__REVISION__", value: String(record.revision) };
  const processEnabled = isProcessEnabled(app);
  for (const field of Object.values(fieldsOf(app))) {
    if (!isRecordField(field) || !include(field.code)) continue;
    const value = fieldValue(app, record, field, processEnabled);
    if (value !== undefined) output[field.code] = { type: field.type, value };
  }
  return output;
}

export function isProcessEnabled(app: AppData): boolean {
  return app.live["app/status"]?.enable === true;
}

/** The record number as kintone shows it: prefixed with the app code when the app has one. */
export function recordNumber(app: AppData, record: RecordData): string {
  return app.code ? `${app.code}-${record.id}` : String(record.id);
}

/** undefined: the field is not part of records right now (status without process management). */
function fieldValue(
  app: AppData,
  record: RecordData,
  field: FieldProperty,
  processEnabled: boolean,
): unknown {
  switch (field.type) {
    case "RECORD_NUMBER":
      return recordNumber(app, record);
    case "CREATOR":
      return { ...record.creator };
    case "CREATED_TIME":
      return record.createdAt;
    case "MODIFIER":
      return { ...record.modifier };
    case "UPDATED_TIME":
      return record.updatedAt;
    case "STATUS":
      return processEnabled ? record.status : undefined;
    case "STATUS_ASSIGNEE":
      return processEnabled ? record.assignees.map((entity) => ({ ...entity })) : undefined;
    case "CATEGORY":
      return field.enabled === true ? [] : undefined;
    case "CALC":
      return calcValue(field, record.values);
    case "SUBTABLE":
      return tableValue(field, (record.values[field.code] ?? []) as StoredRow[]);
    default:
      return copy(record.values[field.code] ?? FIELD_TYPE_SPECS[field.type].empty);
  }
}

function tableValue(table: FieldProperty, rows: StoredRow[]) {
  const columns = Object.values(subtableFields(table));
  return rows.map((row) => ({
    id: row.id,
    value: Object.fromEntries(
      columns.map((column) => [
        column.code,
        {
          type: column.type,
          value:
            column.type === "CALC"
              ? calcValue(column, row.value)
              : copy(row.value[column.code] ?? FIELD_TYPE_SPECS[column.type].empty),
        },
      ]),
    ),
  }));
}

function calcValue(field: FieldProperty, values: Record<string, unknown>): string {
  return evaluateCalc(String(field.expression ?? ""), (code) => {
    const value = values[code];
    return typeof value === "string" ? value : value === null ? "" : undefined;
  });
}

/** Plain data comes back as a copy, so a caller can never change the stored record. */
function copy(value: unknown): unknown {
  return typeof value === "object" && value !== null ? structuredClone(value) : value;
}

/** A value for queries and sorting: the field's record value, CALC computed. */
export function comparableValue(app: AppData, record: RecordData, field: FieldProperty): unknown {
  if (kindOf(field) === "layout") return undefined;
  return fieldValue(app, record, field, true);
}
