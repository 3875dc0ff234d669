import { createHash } from "node:crypto";
import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import { optionalStringArray, pageOf, requiredString } from "../http/params.js";
import type { RouteContext } from "../router.js";
import type { PluginData } from "../state.js";
import { appName } from "./apps.js";

const MAX_PLUGINS = 100;

export function getPlugins(ctx: RouteContext) {
  const ids = optionalStringArray(ctx.params, "ids");
  const plugins = ctx.state.data.plugins.filter((plugin) => !ids || ids.includes(plugin.id));
  return {
    plugins: pageOf(ctx.params, plugins, MAX_PLUGINS).map((plugin) => ({
      ...plugin,
      isMarketPlugin: false,
    })),
  };
}

/** Plug-ins apps use but the domain does not have installed. */
export function getRequiredPlugins(ctx: RouteContext) {
  const installed = new Set(ctx.state.data.plugins.map((plugin) => plugin.id));
  const missing = new Map<string, string>();
  for (const app of ctx.state.data.apps.values()) {
    for (const plugin of (app.live["app/plugins"]?.plugins ?? []) as {
      id: string;
      name: string;
    }[]) {
      if (!installed.has(plugin.id)) missing.set(plugin.id, plugin.name);
    }
  }
  return { plugins: [...missing].map(([id, name]) => ({ id, name, isMarketPlugin: false })) };
}

export function getPluginApps(ctx: RouteContext) {
  const plugin = findPlugin(ctx);
  const apps = [...ctx.state.data.apps.values()].filter((app) =>
    ((app.live["app/plugins"]?.plugins ?? []) as { id: string }[]).some(
      (entry) => entry.id === plugin.id,
    ),
  );
  return {
    apps: pageOf(ctx.params, apps, MAX_PLUGINS).map((app) => ({
      id: String(app.id),
      name: appName(app),
    })),
  };
}

/**
 * Install Plug-in from an uploaded file. The stub does not unpack the zip: the plug-in's id is
 * derived from the file, its name from the file name.
 */
export function installPlugin(ctx: RouteContext) {
  const file = uploadedFile(ctx);
  const id = createHash("sha256")
    .update(file.data)
    .digest("hex")
    .replace(/\d/g, (d) => "abcdefghij"[Number(d)]!)
    .slice(0, 32);
  if (ctx.state.data.plugins.some((plugin) => plugin.id === id)) {
    throw invalidParameter("fileKey", "This plug-in is already installed; update it instead.");
  }
  const plugin: PluginData = {
    id,
    name: file.name.replace(/\.zip$/i, ""),
    version: "1",
    description: "",
  };
  ctx.state.data.plugins.push(plugin);
  ctx.state.touch();
  return { id: plugin.id, version: plugin.version };
}

export function updatePlugin(ctx: RouteContext) {
  const plugin = findPlugin(ctx);
  uploadedFile(ctx);
  plugin.version = String(Number(plugin.version) + 1);
  ctx.state.touch();
  return { id: plugin.id, version: plugin.version };
}

export function uninstallPlugin(ctx: RouteContext) {
  const plugin = findPlugin(ctx);
  ctx.state.data.plugins = ctx.state.data.plugins.filter((candidate) => candidate !== plugin);
  ctx.state.touch();
  return {};
}

function findPlugin(ctx: RouteContext): PluginData {
  const id = requiredString(ctx.params, "id");
  const plugin = ctx.state.data.plugins.find((candidate) => candidate.id === id);
  if (!plugin) throw kintoneError.pluginNotFound(id);
  return plugin;
}

function uploadedFile(ctx: RouteContext) {
  const fileKey = requiredString(ctx.params, "fileKey");
  const file = ctx.state.data.files.get(fileKey);
  if (!file?.temporary)
    throw invalidParameter("fileKey", `The fileKey "${fileKey}" is not an uploaded file.`);
  return { name: file.name, data: Buffer.from(file.data, "base64") };
}
