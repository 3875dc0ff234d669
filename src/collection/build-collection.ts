import type {
  CollectionDefinition,
  DescriptionDefinition,
  EventDefinition,
  FormParamDefinition,
  HeaderDefinition,
  ItemDefinition,
  ItemGroupDefinition,
  QueryParamDefinition,
  RequestBodyDefinition,
  RequestDefinition,
  ResponseDefinition,
  UrlDefinition,
  VariableDefinition,
} from "postman-collection";
import type { Catalog, FormDataParam, Operation, QueryParam } from "../catalog/types.js";
import { CollectionVariable, EnvKey } from "../environment/variables.js";
import { kintoneErrorHints } from "../kintone/error-hints.js";
import type { AppFolders } from "./app-folder.js";
import { apiTokenRefusedIds } from "./api-token-refused.js";
import { blastRadiusMap } from "./blast-radius.js";
import { collectionDescription, operationDescription } from "./describe.js";
import { SMOKE_FOLDER } from "../files/names.js";
import { rawJsonBody } from "./raw-body.js";
import { scriptExec, type ScriptName } from "./scripts.js";
import { stableId } from "../files/stable-id.js";

export interface CollectionSettings<Folder = ItemGroupDefinition> {
  /** Collection name; also seeds every id, so two collections never share ids. */
  name: string;
  baseUrl: string;
  /** The certificate-list pattern, when a client certificate was given. */
  certificateMatch?: string;
  /** `generate --app`: one folder per app, placed after Smoke (their scripts carry their data). */
  appFolders?: AppFolders<Folder>;
}

/*
 * The v2.1 JSON as Postman's collection SDK writes it: its definition types, narrowed to what we
 * always fill in (the SDK's typings miss `url.raw`, `info.schema`, an item's `event` and a raw
 * body's `options`). Key order follows the SDK's `toJSON()`, which earlier releases used to build
 * the collection, so the files stay byte-identical; tests load every generated collection through
 * `new Collection(json)` and check that it comes back equal.
 */
export type DescriptionJson = DescriptionDefinition & { type: "text/plain" };

export interface UrlJson extends UrlDefinition {
  raw: string;
  path: string[];
  host: string[];
  query: QueryParamDefinition[];
  variable: VariableDefinition[];
}

export interface RequestJson extends RequestDefinition {
  description: DescriptionJson;
  url: UrlJson;
  header?: HeaderDefinition[];
  method: Operation["method"];
  body?: RequestBodyDefinition & {
    formdata?: FormParamJson[];
    options?: { raw: { language: "json" } };
  };
}

/** The SDK's typings miss a form part's `type` and a file part's `src`. */
export type FormParamJson = FormParamDefinition & Pick<FormDataParam, "type" | "src">;

export interface RequestItemJson extends ItemDefinition {
  id: string;
  name: string;
  request: RequestJson;
  response: ResponseDefinition[];
  event: EventDefinition[];
}

export interface FolderJson extends ItemGroupDefinition {
  id: string;
  name: string;
  description: DescriptionJson;
  item: RequestItemJson[];
  event: EventDefinition[];
}

export interface CollectionJson extends CollectionDefinition {
  /** The catalog's folders, and with `--app` the app folders (which nest folders) after Smoke. */
  item: (FolderJson | ItemGroupDefinition)[];
  event: EventDefinition[];
  variable: VariableDefinition[];
  info: {
    _postman_id: string;
    name: string;
    schema: typeof COLLECTION_SCHEMA;
    description: DescriptionJson;
  };
}

/** A collection whose app folders are `Folder`s: objects, or `JsonText` already laid out. */
export type CollectionWith<Folder> = Omit<CollectionJson, "item"> & {
  item: (FolderJson | Folder)[];
};

/** How deep a top-level folder sits in the collection's JSON (root object, then `item`). */
export const COLLECTION_ITEM_DEPTH = 2;

const COLLECTION_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/** Guest-capable requests go through this variable; the pre-request script sets it. */
const API_ROOT_VARIABLE = CollectionVariable.apiRoot;

/**
 * Turns the catalog into a Postman v2.1 collection: plain data, with no SDK at run time (loading
 * it costs more than building the whole collection). Ids derive from the collection name and
 * catalog ids, so the output is byte-stable.
 */
export function buildCollection<Folder = ItemGroupDefinition>(
  catalog: Catalog,
  settings: CollectionSettings<Folder>,
): CollectionWith<Folder> {
  const id = (...parts: string[]) => stableId(settings.name, ...parts);
  const operations = new Map(
    catalog.areas.flatMap((area) => area.operations).map((op) => [op.id, op]),
  );

  const smokeFolder = folder(
    id("folder", SMOKE_FOLDER),
    SMOKE_FOLDER,
    "Read-only checks that need only `appId`. Safe to run against production.",
    catalog.smoke.map((entry) => {
      const operation = operations.get(entry.operation);
      if (operation === undefined) throw new Error(`smoke entry ${entry.operation} is unknown`);
      return requestItem(
        id("smoke", entry.operation),
        { ...operation, name: entry.name },
        entry.query,
      );
    }),
  );
  const areaFolders = catalog.areas.map((area) =>
    folder(
      id("folder", area.folder),
      area.folder,
      area.description,
      area.operations.map((operation) => requestItem(id("item", operation.id), operation)),
    ),
  );

  const apps = settings.appFolders;
  return {
    item: [smokeFolder, ...(apps?.folders ?? []), ...areaFolders],
    event: [scriptEvent(id, "prerequest", "prerequest"), scriptEvent(id, "test", "test")],
    variable: [
      stringVariable(EnvKey.baseUrl, settings.baseUrl),
      stringVariable(API_ROOT_VARIABLE, "v1"),
      stringVariable(CollectionVariable.kintoneErrorHints, JSON.stringify(kintoneErrorHints)),
      stringVariable(
        CollectionVariable.kintoneBlastRadius,
        JSON.stringify(blastRadiusMap(catalog, (kind, opId) => id(kind, opId))),
      ),
      stringVariable(
        CollectionVariable.kintoneNoApiToken,
        JSON.stringify(apiTokenRefusedIds(catalog, (kind, opId) => id(kind, opId))),
      ),
    ],
    info: {
      _postman_id: id("collection"),
      name: settings.name,
      schema: COLLECTION_SCHEMA,
      description: described(collectionDescription(settings)),
    },
  };
}

function described(content: string): DescriptionJson {
  return { content, type: "text/plain" };
}

function stringVariable(key: string, value: string): VariableDefinition {
  return { type: "string", value, key };
}

function folder(id: string, name: string, description: string, item: RequestItemJson[]) {
  return { id, name, description: described(description), item, event: [] } satisfies FolderJson;
}

function scriptEvent(
  id: (...parts: string[]) => string,
  listen: "prerequest" | "test",
  script: ScriptName,
): EventDefinition {
  return {
    listen,
    script: { id: id("script", script), type: "text/javascript", exec: scriptExec(script) },
  };
}

function requestItem(itemId: string, operation: Operation, query = operation.query) {
  const apiRoot = operation.guestOnly
    ? ["guest", `{{${EnvKey.guestSpaceId}}}`, "v1"]
    : [operation.guest ? `{{${API_ROOT_VARIABLE}}}` : "v1"];
  const host = [`{{${EnvKey.baseUrl}}}`];
  const path = ["k", ...apiRoot, ...operation.path.split("/")];
  const params = query ?? [];
  const { header, body } = requestBody(operation);
  return {
    id: itemId,
    name: operation.name,
    request: {
      description: described(operationDescription(operation)),
      // Postman shows `raw`; Newman and the SDK read the parts.
      url: {
        raw: rawUrl(host, path, params),
        path,
        host,
        query: params.map(queryParam),
        variable: [],
      },
      ...(header && { header }),
      method: operation.method,
      ...(body && { body }),
    },
    response: [],
    event: [],
  } satisfies RequestItemJson;
}

function queryParam({ key, value, description }: QueryParam): QueryParamDefinition {
  return { ...(description !== undefined && { description: described(description) }), key, value };
}

function formParam({ key, value, type, src, description }: FormDataParam): FormParamJson {
  return {
    ...(description !== undefined && { description: described(description) }),
    key,
    ...(value !== undefined && { value }),
    type,
    ...(src !== undefined && { src }),
  };
}

function requestBody(operation: Operation): Pick<RequestJson, "header" | "body"> {
  if (operation.formData !== undefined) {
    return { body: { mode: "formdata", formdata: operation.formData.map(formParam) } };
  }
  if (operation.body === undefined) return {};
  return {
    header: [{ key: "Content-Type", value: "application/json" }],
    body: {
      mode: "raw",
      raw: rawJsonBody(operation.body),
      options: { raw: { language: "json" } },
    },
  };
}

/**
 * The URL as one string, as the SDK's `Url#toString()` writes it: `&`, `#` (and `=` in keys)
 * outside `{{variables}}` are percent-encoded so that they cannot split a parameter.
 */
function rawUrl(host: string[], path: string[], query: readonly QueryParam[]): string {
  const params = query.map(
    ({ key, value }) => `${encodeReserved(key, /[&#=]/g)}=${encodeReserved(value, /[&#]/g)}`,
  );
  return `${host.join(".")}/${path.join("/")}${params.length > 0 ? `?${params.join("&")}` : ""}`;
}

function encodeReserved(text: string, reserved: RegExp): string {
  return text
    .split(/({{[^{}]*}})/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(reserved, (c) => encodeURIComponent(c)),
    )
    .join("");
}
