import { FIELD_TYPE_SPECS, SYSTEM_FIELDS, subtableFields, type FieldProperty } from "./fields.js";
import type { SeedProcess } from "./seed/types.js";
import {
  timestamp,
  type AppData,
  type AppDocuments,
  type ApiTokenData,
  type Entity,
} from "./state.js";

export interface NewApp {
  id: number;
  name: string;
  code?: string;
  description?: string;
  spaceId: number | null;
  threadId: number | null;
  /** Form fields by code; system fields missing from it are added. */
  fields: Record<string, FieldProperty>;
  process?: SeedProcess;
  apiTokens?: ApiTokenData[];
  creator: Entity;
  deployed: boolean;
}

/** An app with kintone's default settings around the given form. */
export function createApp(spec: NewApp): AppData {
  const now = timestamp();
  const fields = withSystemFields(spec.fields, spec.process !== undefined);
  const documents: AppDocuments = {
    "app/form/fields": { properties: fields },
    "app/form/layout": { layout: defaultLayout(fields) },
    "app/views": { views: defaultViews(fields, spec.process !== undefined) },
    "app/settings": {
      name: spec.name,
      description: spec.description ?? "",
      icon: { type: "PRESET", key: "APP72" },
      theme: "WHITE",
      titleField: { selectionMode: "AUTO" },
      enableThumbnails: true,
      enableBulkDeletion: false,
      enableComments: true,
      enableDuplicateRecord: true,
      enableInlineRecordEditing: true,
      numberPrecision: { digits: "16", decimalPlaces: "4", roundingMode: "HALF_EVEN" },
      firstMonthOfFiscalYear: "4",
    },
    "app/status": statusDocument(spec.process),
    "app/acl": {
      rights: [
        {
          entity: { type: "CREATOR", code: null },
          includeSubs: false,
          appEditable: true,
          recordViewable: true,
          recordAddable: true,
          recordEditable: true,
          recordDeletable: true,
          recordImportable: true,
          recordExportable: true,
        },
        {
          entity: { type: "GROUP", code: "everyone" },
          includeSubs: false,
          appEditable: false,
          recordViewable: true,
          recordAddable: true,
          recordEditable: true,
          recordDeletable: true,
          recordImportable: false,
          recordExportable: false,
        },
      ],
    },
    "field/acl": { rights: [] },
    "record/acl": { rights: [] },
    "app/actions": { actions: {} },
    "app/adminNotes": { content: "", includeInTemplateAndDuplicates: false },
    "app/customize": { scope: "ALL", desktop: { js: [], css: [] }, mobile: { js: [], css: [] } },
    "app/notifications/general": { notifyToCommenter: false, notifications: [] },
    "app/notifications/perRecord": { notifications: [] },
    "app/notifications/reminder": { timezone: "UTC", notifications: [] },
    "app/plugins": { plugins: [] },
    "app/reports": { reports: {} },
  };
  return {
    id: spec.id,
    code: spec.code ?? "",
    spaceId: spec.spaceId,
    threadId: spec.threadId,
    createdAt: now,
    creator: spec.creator,
    modifiedAt: now,
    modifier: spec.creator,
    deployed: spec.deployed,
    revision: spec.deployed ? 2 : 1,
    previewRevision: spec.deployed ? 2 : 1,
    live: structuredClone(documents),
    preview: documents,
    apiTokens: spec.apiTokens ?? [],
    records: new Map(),
    nextRecordId: 1,
  };
}

/** Fills in a field's kintone properties around the ones given. */
export function fieldProperty(
  given: { type: FieldProperty["type"]; code: string } & Record<string, unknown>,
): FieldProperty {
  const property: FieldProperty = {
    type: given.type,
    code: given.code,
    label: given.code,
    ...structuredClone(FIELD_TYPE_SPECS[given.type].defaults),
  };
  for (const [key, value] of Object.entries(given)) {
    // kintone reports numbers inside field properties as strings ("maxLength": "64").
    property[key] = typeof value === "number" ? String(value) : value;
  }
  return property;
}

function withSystemFields(
  fields: Record<string, FieldProperty>,
  processEnabled: boolean,
): Record<string, FieldProperty> {
  const result = { ...fields };
  const present = new Set(Object.values(fields).map((field) => field.type));
  for (const system of SYSTEM_FIELDS) {
    if (present.has(system.type) || result[system.code]) continue;
    const property = fieldProperty({ type: system.type, code: system.code, label: system.label });
    if (system.type === "STATUS" || system.type === "STATUS_ASSIGNEE")
      property.enabled = processEnabled;
    result[system.code] = property;
  }
  return result;
}

/** One row per field, subtables as their own blocks: what a form built field by field looks like. */
function defaultLayout(fields: Record<string, FieldProperty>): unknown[] {
  const element = (field: FieldProperty) => ({
    type: field.type,
    code: field.code,
    size:
      field.type === "MULTI_LINE_TEXT" || field.type === "RICH_TEXT"
        ? { width: "315", innerHeight: "125" }
        : { width: "193" },
  });
  return Object.values(fields).flatMap((field): unknown[] => {
    if (FIELD_TYPE_SPECS[field.type].kind === "system" || field.type === "REFERENCE_TABLE")
      return [];
    if (field.type === "SUBTABLE") {
      return [
        {
          type: "SUBTABLE",
          code: field.code,
          fields: Object.values(subtableFields(field)).map(element),
        },
      ];
    }
    if (field.type === "GROUP") return [{ type: "GROUP", code: field.code, layout: [] }];
    return [{ type: "ROW", fields: [element(field)] }];
  });
}

function defaultViews(
  fields: Record<string, FieldProperty>,
  processEnabled: boolean,
): Record<string, unknown> {
  const columns = Object.values(fields)
    .filter(
      (field) =>
        !["SUBTABLE", "GROUP", "REFERENCE_TABLE", "STATUS_ASSIGNEE", "CATEGORY"].includes(
          field.type,
        ),
    )
    .map((field) => field.code);
  const views: Record<string, unknown> = {
    List: {
      type: "LIST",
      name: "List",
      id: "1000001",
      index: "0",
      fields: columns,
      filterCond: "",
      sort: "",
    },
  };
  if (processEnabled) {
    views["(Assigned to me)"] = {
      type: "LIST",
      builtinType: "ASSIGNEE",
      name: "(Assigned to me)",
      id: "1000002",
      index: "1",
      fields: columns,
      filterCond: "",
      sort: "",
    };
  }
  return views;
}

function statusDocument(process: SeedProcess | undefined): Record<string, unknown> {
  if (!process) return { enable: false, states: {}, actions: [] };
  return {
    enable: true,
    states: Object.fromEntries(
      process.states.map((state, index) => [
        state.name,
        {
          name: state.name,
          index: String(index),
          assignee: {
            type: state.assigneeType ?? "ONE",
            entities: (state.assignees ?? []).map((assignee) => ({
              entity:
                typeof assignee === "string"
                  ? { type: "USER", code: assignee }
                  : { type: assignee.type, code: assignee.code ?? null },
              includeSubs: false,
            })),
          },
        },
      ]),
    ),
    actions: process.actions.map((action) => ({ ...action, filterCond: "" })),
  };
}
