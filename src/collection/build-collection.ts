import sdk from "postman-collection";
import type { Catalog, Operation, QueryParam } from "../catalog/types.js";
import { CollectionVariable, EnvKey } from "../environment/variables.js";
import { kintoneErrorHints } from "../kintone/error-hints.js";
import type { AppFolders } from "./app-folder.js";
import { collectionDescription, operationDescription } from "./describe.js";
import { SMOKE_FOLDER } from "../files/names.js";
import { scriptLines, type ScriptName } from "./scripts.js";
import { stableId } from "../files/stable-id.js";

export interface CollectionSettings {
  /** Collection name; also seeds every id, so two collections never share ids. */
  name: string;
  baseUrl: string;
  /** The certificate-list pattern, when a client certificate was given. */
  certificateMatch?: string;
  /** `generate --app`: one folder per app, placed after Smoke, and the data their scripts read. */
  appFolders?: AppFolders;
}

/** Guest-capable requests go through this variable; the pre-request script sets it. */
const API_ROOT_VARIABLE = CollectionVariable.apiRoot;

/**
 * Turns the catalog into a Postman v2.1 collection. Plain definitions go into the SDK's
 * constructors (nesting SDK instances corrupts query strings) and `toJSON()` comes out; ids derive
 * from the collection name and catalog ids, so the output is byte-stable.
 */
export function buildCollection(catalog: Catalog, settings: CollectionSettings): object {
  const id = (...parts: string[]) => stableId(settings.name, ...parts);
  const operations = new Map(
    catalog.areas.flatMap((area) => area.operations).map((op) => [op.id, op]),
  );

  const smokeFolder = {
    id: id("folder", SMOKE_FOLDER),
    name: SMOKE_FOLDER,
    description: "Read-only checks that need only `appId`. Safe to run against production.",
    item: catalog.smoke.map((entry) => {
      const operation = operations.get(entry.operation);
      if (operation === undefined) throw new Error(`smoke entry ${entry.operation} is unknown`);
      return requestItem(
        id("smoke", entry.operation),
        { ...operation, name: entry.name },
        entry.query,
      );
    }),
  };
  const areaFolders = catalog.areas.map((area) => ({
    id: id("folder", area.folder),
    name: area.folder,
    description: area.description,
    item: area.operations.map((operation) => requestItem(id("item", operation.id), operation)),
  }));

  const collection = new sdk.Collection({
    info: {
      _postman_id: id("collection"),
      name: settings.name,
      description: collectionDescription(settings),
    },
    variable: [
      { key: EnvKey.baseUrl, value: settings.baseUrl, type: "string" },
      { key: API_ROOT_VARIABLE, value: "v1", type: "string" },
      {
        key: CollectionVariable.kintoneErrorHints,
        value: JSON.stringify(kintoneErrorHints),
        type: "string",
      },
    ],
    event: [scriptEvent(id, "prerequest", "prerequest"), scriptEvent(id, "test", "test")],
    item: [smokeFolder, ...areaFolders],
  } as sdk.CollectionDefinition);

  const json = collection.toJSON() as Record<string, unknown>;
  delete json._; // SDK bookkeeping, not part of the v2.1 format
  addRawUrls(json);
  if (settings.appFolders !== undefined) {
    // Plain JSON already (raw URLs included): it never goes through the SDK.
    (json.item as unknown[]).splice(1, 0, ...settings.appFolders.folders);
    (json.variable as unknown[]).push(...settings.appFolders.variables);
  }
  return json;
}

function scriptEvent(
  id: (...parts: string[]) => string,
  listen: "prerequest" | "test",
  script: ScriptName,
): sdk.EventDefinition {
  return {
    listen,
    script: { id: id("script", script), type: "text/javascript", exec: scriptLines(script) },
  };
}

function requestItem(itemId: string, operation: Operation, query = operation.query) {
  const apiRoot = operation.guestOnly
    ? ["guest", `{{${EnvKey.guestSpaceId}}}`, "v1"]
    : [operation.guest ? `{{${API_ROOT_VARIABLE}}}` : "v1"];
  return {
    id: itemId,
    name: operation.name,
    request: {
      method: operation.method,
      description: operationDescription(operation),
      url: {
        host: ["{{baseUrl}}"],
        path: ["k", ...apiRoot, ...operation.path.split("/")],
        query: (query ?? []).map((param: QueryParam) => ({ ...param })),
      },
      ...requestBody(operation),
    },
  };
}

function requestBody(operation: Operation) {
  if (operation.formData !== undefined) {
    return {
      body: { mode: "formdata", formdata: operation.formData.map((part) => ({ ...part })) },
    };
  }
  if (operation.body === undefined) return {};
  return {
    header: [{ key: "Content-Type", value: "application/json" }],
    body: {
      mode: "raw",
      raw: JSON.stringify(operation.body, null, 2),
      options: { raw: { language: "json" } },
    },
  };
}

/** Postman shows `url.raw`; the SDK drops it on output, so write it back from the parts. */
function addRawUrls(node: Record<string, unknown>): void {
  const request = node.request as { url?: Record<string, unknown> } | undefined;
  if (request?.url !== undefined) {
    request.url = { raw: new sdk.Url(request.url as sdk.UrlDefinition).toString(), ...request.url };
  }
  for (const child of (node.item as Record<string, unknown>[] | undefined) ?? []) addRawUrls(child);
}
