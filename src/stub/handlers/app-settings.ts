import { fieldProperty } from "../app-model.js";
import { FIELD_TYPE_SPECS, isFieldType, type FieldProperty } from "../fields.js";
import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  isPlainObject,
  optionalArray,
  optionalBoolean,
  optionalStringArray,
  requiredObject,
} from "../http/params.js";
import { checkRevision } from "../records/store.js";
import type { Route, RouteContext } from "../router.js";
import { timestamp, type AppData } from "../state.js";

/**
 * App settings kept as documents (see `AppDocuments`). Each can be read live and as previewed,
 * changed in preview, and goes live with Deploy App Settings.
 */
export const SETTINGS_DOCUMENTS = [
  "app/form/fields",
  "app/form/layout",
  "app/views",
  "app/settings",
  "app/status",
  "app/acl",
  "field/acl",
  "record/acl",
  "app/actions",
  "app/adminNotes",
  "app/customize",
  "app/notifications/general",
  "app/notifications/perRecord",
  "app/notifications/reminder",
  "app/plugins",
  "app/reports",
] as const;

type DocumentName = (typeof SETTINGS_DOCUMENTS)[number];

/** Permissions (ACLs) also have live PUT APIs that skip the preview. */
const LIVE_PUT: readonly DocumentName[] = ["app/acl", "field/acl", "record/acl"];
/** Documents that are maps of named items; PUT answers each item's id. */
const NAMED_ITEMS: Partial<Record<DocumentName, string>> = {
  "app/views": "views",
  "app/reports": "reports",
  "app/actions": "actions",
};

/** The routes of every settings document, built from the list above. */
export function settingsRoutes(): Route[] {
  return SETTINGS_DOCUMENTS.flatMap((name): Route[] => {
    const routes: Route[] = [
      { method: "GET", path: `${name}.json`, handler: (ctx) => readDocument(ctx, name, false) },
      {
        method: "GET",
        path: `preview/${name}.json`,
        handler: (ctx) => readDocument(ctx, name, true),
      },
    ];
    if (name === "app/form/fields") {
      routes.push(
        {
          method: "POST",
          path: "preview/app/form/fields.json",
          handler: addFields,
          permission: "editApp",
        },
        {
          method: "PUT",
          path: "preview/app/form/fields.json",
          handler: updateFields,
          permission: "editApp",
        },
        {
          method: "DELETE",
          path: "preview/app/form/fields.json",
          handler: deleteFields,
          permission: "editApp",
        },
      );
    } else if (name === "app/plugins") {
      // Plug-ins are added by id (POST), from those installed in the domain.
    } else {
      routes.push({
        method: "PUT",
        path: `preview/${name}.json`,
        handler: (ctx) => writeDocument(ctx, name, true),
        permission: "editApp",
      });
    }
    if (LIVE_PUT.includes(name)) {
      routes.push({
        method: "PUT",
        path: `${name}.json`,
        handler: (ctx) => writeDocument(ctx, name, false),
        permission: "editApp",
      });
    }
    return routes;
  });
}

function readDocument(ctx: RouteContext, name: DocumentName, preview: boolean) {
  const app = ctx.app({ preview });
  const documents = preview ? app.preview : app.live;
  return {
    ...structuredClone(documents[name] ?? {}),
    revision: String(preview ? app.previewRevision : app.revision),
  };
}

/** PUT: the properties given replace the document's; the others stay as they are. */
function writeDocument(ctx: RouteContext, name: DocumentName, preview: boolean) {
  const app = ctx.app({ preview: true });
  checkRevision(preview ? app.previewRevision : app.revision, ctx.params.revision);
  const changes = Object.fromEntries(
    Object.entries(ctx.params).filter(
      ([key]) => key !== "app" && key !== "revision" && key !== "id",
    ),
  );
  const itemsKey = NAMED_ITEMS[name];
  if (itemsKey) assignItemIds(changes[itemsKey]);
  const apply = (documents: AppData["live"]) => {
    documents[name] = { ...documents[name], ...structuredClone(changes) };
    if (name === "app/status") syncStatusFields(documents);
  };
  apply(app.preview);
  if (preview) {
    app.previewRevision += 1;
  } else {
    apply(app.live);
    app.revision += 1;
    app.previewRevision = Math.max(app.previewRevision + 1, app.revision);
  }
  ctx.state.touch();
  const revision = String(preview ? app.previewRevision : app.revision);
  if (!itemsKey) return { revision };
  const items = (app.preview[name]?.[itemsKey] ?? {}) as Record<string, { id: string }>;
  return {
    [itemsKey]: Object.fromEntries(
      Object.entries(items).map(([key, item]) => [key, { id: item.id }]),
    ),
    revision,
  };
}

/** Views, reports and actions get an id when created, as kintone numbers them. */
function assignItemIds(items: unknown): void {
  if (!isPlainObject(items)) return;
  for (const [key, item] of Object.entries(items)) {
    if (isPlainObject(item) && (item.id === undefined || item.id === null || item.id === "")) {
      item.id = String(hashId(key));
    }
  }
}

function hashId(text: string): number {
  let hash = 5381;
  for (const char of text) hash = (hash * 33 + char.codePointAt(0)!) % 9_000_000;
  return 1_000_000 + hash;
}

/** STATUS and STATUS_ASSIGNEE are enabled exactly when process management is. */
function syncStatusFields(documents: AppData["live"]): void {
  const enabled = documents["app/status"]?.enable === true;
  for (const field of Object.values(formFields(documents))) {
    if (field.type === "STATUS" || field.type === "STATUS_ASSIGNEE") field.enabled = enabled;
  }
}

function formFields(documents: AppData["live"]): Record<string, FieldProperty> {
  documents["app/form/fields"] ??= { properties: {} };
  return documents["app/form/fields"].properties as Record<string, FieldProperty>;
}

type FormChange = (
  fields: Record<string, FieldProperty>,
  layout: unknown[],
  properties: Record<string, unknown>,
) => void;

function addFields(ctx: RouteContext) {
  return changeForm(ctx, (fields, layout, properties) => {
    for (const [code, given] of Object.entries(properties)) {
      const key = `properties.${code}`;
      if (fields[code])
        throw invalidParameter(`${key}.code`, `The field code "${code}" is already used.`);
      const field = newField(given, code, key);
      fields[field.code] = field;
      // kintone places a new field on a row of its own at the end of the form.
      layout.push({
        type: "ROW",
        fields: [{ type: field.type, code: field.code, size: { width: "193" } }],
      });
    }
  });
}

function updateFields(ctx: RouteContext) {
  return changeForm(ctx, (fields, _layout, properties) => {
    for (const [code, given] of Object.entries(properties)) {
      const key = `properties.${code}`;
      const field = fields[code];
      if (!field) throw invalidParameter(`${key}.code`, `There is no field "${code}".`);
      if (!isPlainObject(given)) throw invalidParameter(key, "Enter an object.");
      const updated = { ...field, ...structuredClone(given), type: field.type } as FieldProperty;
      if (updated.code !== code) delete fields[code];
      fields[updated.code] = updated;
    }
  });
}

function deleteFields(ctx: RouteContext) {
  const codes = optionalStringArray(ctx.params, "fields");
  if (!codes || codes.length === 0) throw invalidParameter("fields", "Required.");
  return changeForm(ctx, (fields, layout) => {
    codes.forEach((code, index) => {
      const field = fields[code];
      if (!field) throw invalidParameter(`fields[${index}]`, `There is no field "${code}".`);
      if (FIELD_TYPE_SPECS[field.type].kind === "system") {
        throw invalidParameter(
          `fields[${index}]`,
          `The field "${code}" belongs to every app and cannot be deleted.`,
        );
      }
      delete fields[code];
    });
    const named = (element: unknown) =>
      isPlainObject(element) && codes.includes(String(element.code));
    const remaining = layout.filter((row) => !named(row));
    for (const row of remaining) {
      if (isPlainObject(row) && Array.isArray(row.fields))
        row.fields = row.fields.filter((element) => !named(element));
    }
    layout.splice(0, layout.length, ...remaining);
  });
}

/** Changes the previewed form on copies, so a request with one bad field changes nothing. */
function changeForm(ctx: RouteContext, change: FormChange) {
  const app = ctx.app({ preview: true });
  checkRevision(app.previewRevision, ctx.params.revision);
  const properties = ctx.route.method === "DELETE" ? {} : requiredObject(ctx.params, "properties");
  const fields = structuredClone(formFields(app.preview));
  const layout = structuredClone((app.preview["app/form/layout"]?.layout ?? []) as unknown[]);
  change(fields, layout, properties);
  app.preview["app/form/fields"] = { properties: fields };
  app.preview["app/form/layout"] = { layout };
  app.previewRevision += 1;
  ctx.state.touch();
  return { revision: String(app.previewRevision) };
}

function newField(given: unknown, code: string, key: string): FieldProperty {
  if (!isPlainObject(given)) throw invalidParameter(key, "Enter an object.");
  if (!isFieldType(given.type))
    throw invalidParameter(`${key}.type`, "Enter a kintone field type.");
  if (FIELD_TYPE_SPECS[given.type].kind === "system") {
    throw invalidParameter(`${key}.type`, `Every app already has its ${given.type} field.`);
  }
  return fieldProperty({
    ...structuredClone(given),
    type: given.type,
    code: String(given.code ?? code),
  });
}

/** Add Plug-ins: installed plug-ins by id into the app's preview. */
export function addAppPlugins(ctx: RouteContext) {
  const app = ctx.app({ preview: true });
  checkRevision(app.previewRevision, ctx.params.revision);
  const ids = optionalStringArray(ctx.params, "ids");
  if (!ids || ids.length === 0) throw invalidParameter("ids", "Required.");
  const document = (app.preview["app/plugins"] ??= { plugins: [] });
  const plugins = document.plugins as { id: string; name: string; enabled: boolean }[];
  for (const id of ids) {
    const plugin = ctx.state.data.plugins.find((candidate) => candidate.id === id);
    if (!plugin) throw kintoneError.pluginNotFound(id);
    if (!plugins.some((entry) => entry.id === id))
      plugins.push({ id, name: plugin.name, enabled: true });
  }
  app.previewRevision += 1;
  ctx.state.touch();
  return { revision: String(app.previewRevision) };
}

/** Deploy App Settings: preview goes live (or, with `revert`, preview returns to live). */
export function deployApps(ctx: RouteContext) {
  const entries = optionalArray(ctx.params, "apps");
  if (!entries || entries.length === 0) throw invalidParameter("apps", "Required.");
  const revert = optionalBoolean(ctx.params, "revert") ?? false;
  const apps = entries.map((entry, index) => {
    if (!isPlainObject(entry)) throw invalidParameter(`apps[${index}]`, "Enter an object.");
    const app = ctx.app({ id: String(entry.app ?? ""), preview: true });
    checkRevision(app.previewRevision, entry.revision, `apps[${index}].revision`);
    return app;
  });
  for (const app of apps) {
    if (revert) {
      app.preview = structuredClone(app.live);
      app.previewRevision = app.revision;
    } else {
      app.live = structuredClone(app.preview);
      app.revision = app.previewRevision;
      app.deployed = true;
      app.modifiedAt = timestamp();
      app.modifier = ctx.actor;
    }
  }
  ctx.state.touch();
  return {};
}

/** Deploys finish at once here, so every app reports SUCCESS. */
export function deployStatus(ctx: RouteContext) {
  const ids = optionalArray(ctx.params, "apps");
  if (!ids || ids.length === 0) throw invalidParameter("apps", "Required.");
  return {
    apps: ids.map((id) => ({
      app: String(ctx.app({ id: String(id), preview: true }).id),
      status: "SUCCESS",
    })),
  };
}
