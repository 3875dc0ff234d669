import { createApp } from "../app-model.js";
import { isRecordField, subtableFields, type FieldProperty } from "../fields.js";
import { invalidParameter } from "../http/kintone-error.js";
import { pageOf, optionalString, optionalStringArray, requiredString } from "../http/params.js";
import type { RouteContext } from "../router.js";
import { fieldsOf, timestamp, type AppData } from "../state.js";

/** Get Apps lists 100 apps at most per request. */
const MAX_APPS = 100;

export function getApp(ctx: RouteContext) {
  return appSummary(ctx.app({ key: "id" }));
}

export function getApps(ctx: RouteContext) {
  const ids = optionalStringArray(ctx.params, "ids");
  const codes = optionalStringArray(ctx.params, "codes");
  const spaceIds = optionalStringArray(ctx.params, "spaceIds");
  const name = optionalString(ctx.params, "name")?.toLowerCase();
  const apps = visibleApps(ctx).filter(
    (app) =>
      (!ids || ids.includes(String(app.id))) &&
      (!codes || codes.includes(app.code)) &&
      (!spaceIds || spaceIds.includes(String(app.spaceId))) &&
      (!name || appName(app).toLowerCase().includes(name)),
  );
  return { apps: pageOf(ctx.params, apps, MAX_APPS).map(appSummary) };
}

export function getAppStatistics(ctx: RouteContext) {
  return {
    apps: pageOf(ctx.params, [...ctx.state.data.apps.values()], MAX_APPS).map((app) => {
      const space = app.spaceId === null ? undefined : ctx.state.space(app.spaceId);
      const records = [...app.records.values()];
      return {
        id: String(app.id),
        name: appName(app),
        space: space ? { id: String(space.id), name: space.name } : null,
        appGroup: "",
        status: !app.deployed
          ? "NOT_ACTIVATED"
          : app.revision === app.previewRevision
            ? "ACTIVATED"
            : "CHANGED",
        recordCount: String(records.length),
        fieldCount: String(Object.keys(fieldsOf(app)).length),
        dailyRequestCount: "0",
        storageUsage: "0",
        customized: false,
        createdAt: app.createdAt,
        creator: app.creator,
        modifiedAt: app.modifiedAt,
        modifier: app.modifier,
        recordUpdatedAt: records.reduce(
          (latest, record) => (record.updatedAt > latest ? record.updatedAt : latest),
          app.createdAt,
        ),
      };
    }),
  };
}

/** Add App: the new app exists in preview until its settings are deployed. */
export function createPreviewApp(ctx: RouteContext) {
  const name = requiredString(ctx.params, "name");
  if (name.length > 64) throw invalidParameter("name", "Enter 64 characters or fewer.");
  const space =
    ctx.params.space === undefined || ctx.params.space === null
      ? undefined
      : ctx.spaceFrom(ctx.params.space, "space");
  if (space) ctx.checkGuestSpace(space.id);
  const id = ++ctx.state.data.counters.app;
  const app = createApp({
    id,
    name,
    spaceId: space?.id ?? null,
    threadId: space
      ? ctx.params.thread === undefined
        ? space.defaultThread
        : Number(ctx.params.thread)
      : null,
    fields: {},
    creator: ctx.actor,
    deployed: false,
  });
  ctx.state.data.apps.set(id, app);
  ctx.state.touch();
  return { app: String(id), revision: String(app.previewRevision) };
}

export function moveApp(ctx: RouteContext) {
  const app = ctx.app();
  const target = ctx.params.space === null ? undefined : ctx.spaceFrom(ctx.params.space, "space");
  app.spaceId = target?.id ?? null;
  app.threadId = target?.defaultThread ?? null;
  app.modifiedAt = timestamp();
  ctx.state.touch();
  return {};
}

/** The older Get Form API: a list of fields with booleans written as strings. */
export function getForm(ctx: RouteContext, preview: boolean) {
  const app = ctx.app({ preview });
  const legacy = (field: FieldProperty): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(field).flatMap(([key, value]) => {
        if (key === "fields") return [["fields", Object.values(subtableFields(field)).map(legacy)]];
        if (key === "options") return [["options", Object.keys(value as object)]];
        return [[key, typeof value === "boolean" ? String(value) : value]];
      }),
    );
  return { properties: Object.values(fieldsOf(app, preview)).filter(isRecordField).map(legacy) };
}

/**
 * Apps a request may list: the guest space's own on a guest path, apps outside guest spaces
 * otherwise; with API tokens, only the apps the tokens belong to.
 */
function visibleApps(ctx: RouteContext): AppData[] {
  const guest = ctx.target.guestSpaceId;
  return [...ctx.state.data.apps.values()].filter((app) => {
    if (!app.deployed) return false;
    const inGuestSpace = app.spaceId !== null && ctx.state.space(app.spaceId)?.isGuest === true;
    if (guest === undefined ? inGuestSpace : app.spaceId !== guest) return false;
    return (
      ctx.principal.kind === "user" || ctx.principal.tokens.some((entry) => entry.app.id === app.id)
    );
  });
}

export function appName(app: AppData): string {
  return String(app.live["app/settings"]?.name ?? "");
}

function appSummary(app: AppData) {
  return {
    appId: String(app.id),
    code: app.code,
    name: appName(app),
    description: String(app.live["app/settings"]?.description ?? ""),
    spaceId: app.spaceId === null ? null : String(app.spaceId),
    threadId: app.threadId === null ? null : String(app.threadId),
    createdAt: app.createdAt,
    creator: app.creator,
    modifiedAt: app.modifiedAt,
    modifier: app.modifier,
  };
}
