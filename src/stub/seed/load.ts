import { readFile } from "node:fs/promises";
import { UsageError } from "../../errors.js";
import { createApp, fieldProperty } from "../app-model.js";
import { FIELD_TYPE_SPECS, isFieldType, type FieldProperty } from "../fields.js";
import { newSpace } from "../handlers/spaces.js";
import { KintoneError } from "../http/kintone-error.js";
import { isPlainObject } from "../http/params.js";
import { isTimeZone } from "../query/functions.js";
import { addRecords } from "../records/store.js";
import { StubState, type ApiTokenData, type StubData } from "../state.js";
import { defaultSeed } from "./default-seed.js";
import type {
  SeedApiToken,
  SeedApp,
  SeedField,
  SeedUser,
  StubSeed,
  TokenPermission,
} from "./types.js";

const PERMISSIONS: readonly TokenPermission[] = [
  "viewRecord",
  "addRecord",
  "editRecord",
  "deleteRecord",
  "editApp",
];

/** A seed problem, reported as one line naming where it is. */
class SeedError extends Error {}

/**
 * The stub's starting state from a seed (a JSON file path, an object, or the built-in default)
 * plus extra users. Any problem becomes a one-line UsageError naming the seed and the problem.
 */
export async function stateFromSeed(
  seed: string | StubSeed | undefined,
  extraUsers: SeedUser[] = [],
  persistPath?: string,
): Promise<StubState> {
  const source = typeof seed === "string" ? `seed file ${seed}` : seed ? "seed" : "built-in seed";
  try {
    const raw = typeof seed === "string" ? await readSeedFile(seed) : (seed ?? defaultSeed);
    return build(check(raw), extraUsers, persistPath);
  } catch (error) {
    if (error instanceof SeedError) throw new UsageError(`${source}: ${error.message}`);
    throw error;
  }
}

async function readSeedFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new SeedError(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeedError(`is not valid JSON (${(error as Error).message})`);
  }
}

// --- Shape checks: enough to name the first problem precisely. ---

function check(raw: unknown): StubSeed {
  const seed = object(raw, "the seed");
  list(seed.apps, "apps").forEach((app, index) => checkApp(app, `apps[${index}]`));
  for (const key of [
    "users",
    "organizations",
    "groups",
    "spaces",
    "oauthTokens",
    "files",
    "plugins",
  ] as const) {
    if (seed[key] !== undefined) list(seed[key], key);
  }
  list(seed.plugins ?? [], "plugins").forEach((plugin, index) => {
    const path = `plugins[${index}]`;
    const id = text(object(plugin, path).id, `${path}.id`);
    if (!/^[a-p]{32}$/.test(id)) throw new SeedError(`${path}.id must be 32 letters a to p`);
    text(object(plugin, path).name, `${path}.name`);
  });
  (seed.users as unknown[] | undefined)?.forEach((user, index) => {
    const entry = object(user, `users[${index}]`);
    text(entry.login, `users[${index}].login`);
    if (typeof entry.password !== "string")
      throw new SeedError(`users[${index}].password must be a string`);
    if (
      entry.timeZone !== undefined &&
      !isTimeZone(text(entry.timeZone, `users[${index}].timeZone`))
    )
      throw new SeedError(`users[${index}].timeZone must be an IANA time zone such as Asia/Tokyo`);
    if (entry.primaryOrganization !== undefined)
      text(entry.primaryOrganization, `users[${index}].primaryOrganization`);
  });
  (seed.spaces as unknown[] | undefined)?.forEach((space, index) => {
    const entry = object(space, `spaces[${index}]`);
    id(entry.id, `spaces[${index}].id`);
    text(entry.name, `spaces[${index}].name`);
  });
  (seed.oauthTokens as unknown[] | undefined)?.forEach((token, index) => {
    const entry = object(token, `oauthTokens[${index}]`);
    text(entry.token, `oauthTokens[${index}].token`);
    text(entry.login, `oauthTokens[${index}].login`);
  });
  (seed.files as unknown[] | undefined)?.forEach((file, index) => {
    const entry = object(file, `files[${index}]`);
    text(entry.fileKey, `files[${index}].fileKey`);
    text(entry.name, `files[${index}].name`);
  });
  return seed as unknown as StubSeed;
}

function checkApp(raw: unknown, path: string): void {
  const app = object(raw, path);
  id(app.id, `${path}.id`);
  text(app.name, `${path}.name`);
  if (app.spaceId !== undefined && app.spaceId !== null) id(app.spaceId, `${path}.spaceId`);
  checkFields(list(app.fields, `${path}.fields`), `${path}.fields`);
  if (app.records !== undefined) list(app.records, `${path}.records`);
  if (app.apiTokens !== undefined) {
    list(app.apiTokens, `${path}.apiTokens`).forEach((token, index) =>
      text(object(token, `${path}.apiTokens[${index}]`).token, `${path}.apiTokens[${index}].token`),
    );
  }
  if (app.process !== undefined) {
    const process = object(app.process, `${path}.process`);
    const states = list(process.states, `${path}.process.states`).map((state, index) =>
      text(
        object(state, `${path}.process.states[${index}]`).name,
        `${path}.process.states[${index}].name`,
      ),
    );
    list(process.actions, `${path}.process.actions`).forEach((action, index) => {
      const at = `${path}.process.actions[${index}]`;
      const entry = object(action, at);
      text(entry.name, `${at}.name`);
      for (const end of ["from", "to"] as const) {
        if (!states.includes(text(entry[end], `${at}.${end}`))) {
          throw new SeedError(
            `${at}.${end} "${String(entry[end])}" is not one of the process states`,
          );
        }
      }
    });
  }
}

function checkFields(fields: unknown[], path: string): void {
  const codes = new Set<string>();
  fields.forEach((raw, index) => {
    const at = `${path}[${index}]`;
    const field = object(raw, at);
    const code = text(field.code, `${at}.code`);
    if (codes.has(code)) throw new SeedError(`${at}.code "${code}" is used twice`);
    codes.add(code);
    if (!isFieldType(field.type))
      throw new SeedError(`${at}.type ${JSON.stringify(field.type)} is not a kintone field type`);
    if (field.type === "SUBTABLE") checkFields(list(field.fields, `${at}.fields`), `${at}.fields`);
    if (field.lookup !== undefined && field.lookup !== null) checkLookup(field, at);
    if (
      field.options !== undefined &&
      !Array.isArray(field.options) &&
      !isPlainObject(field.options)
    ) {
      throw new SeedError(`${at}.options must be a list of option names`);
    }
  });
}

/** A lookup as kintone reports it: a key field of the related app and the fields it copies. */
function checkLookup(field: Record<string, unknown>, at: string): void {
  if (field.type !== "SINGLE_LINE_TEXT" && field.type !== "NUMBER")
    throw new SeedError(`${at}.lookup: only SINGLE_LINE_TEXT and NUMBER fields can be lookups`);
  const lookup = object(field.lookup, `${at}.lookup`);
  id(object(lookup.relatedApp, `${at}.lookup.relatedApp`).app, `${at}.lookup.relatedApp.app`);
  text(lookup.relatedKeyField, `${at}.lookup.relatedKeyField`);
  list(lookup.fieldMappings, `${at}.lookup.fieldMappings`).forEach((mapping, index) => {
    const path = `${at}.lookup.fieldMappings[${index}]`;
    text(object(mapping, path).field, `${path}.field`);
    text(object(mapping, path).relatedField, `${path}.relatedField`);
  });
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new SeedError(`${path} must be an object`);
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SeedError(`${path} must be an array`);
  return value;
}

function text(value: unknown, path: string): string {
  if (typeof value !== "string" || value === "")
    throw new SeedError(`${path} must be a non-empty string`);
  return value;
}

function id(value: unknown, path: string): number {
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number) || number < 1) {
    throw new SeedError(`${path} must be a positive integer`);
  }
  return number;
}

// --- Building the state. ---

function build(seed: StubSeed, extraUsers: SeedUser[], persistPath?: string): StubState {
  const data: StubData = {
    users: [],
    organizations: structuredClone(seed.organizations ?? []),
    groups: structuredClone(seed.groups ?? []),
    spaces: [],
    apps: new Map(),
    oauthTokens: structuredClone(seed.oauthTokens ?? []),
    files: new Map(),
    plugins: (seed.plugins ?? []).map((plugin) => ({
      id: plugin.id,
      name: plugin.name,
      version: plugin.version ?? "1",
      description: plugin.description ?? "",
    })),
    counters: { app: 0, space: 0, thread: 0, row: 0 },
  };
  const state = new StubState(data, persistPath);
  addUsers(data, [...(seed.users ?? []), ...extraUsers]);
  const owner = data.users[0] ?? { code: "Administrator", name: "Administrator" };
  const actor = { code: owner.code, name: owner.name };
  for (const space of seed.spaces ?? []) {
    const members = (space.members ?? [actor.code]).map((code, index) => ({
      entity: { type: "USER", code },
      isAdmin: index === 0,
    }));
    data.spaces.push(
      newSpace(state, {
        id: Number(space.id),
        name: space.name,
        isGuest: space.isGuest ?? false,
        ...optional(space),
        creator: actor,
        members,
      }),
    );
    data.counters.space = Math.max(data.counters.space, Number(space.id));
  }
  for (const file of seed.files ?? []) {
    const content =
      file.base64 !== undefined ? Buffer.from(file.base64, "base64") : Buffer.from(file.text ?? "");
    data.files.set(file.fileKey, {
      fileKey: file.fileKey,
      name: file.name,
      contentType: file.contentType ?? "application/octet-stream",
      data: content.toString("base64"),
      temporary: false,
    });
  }
  const tokens = new Set<string>();
  seed.apps.forEach((app, index) => addApp(state, app, `apps[${index}]`, actor, tokens));
  return state;
}

/** Adds users; a login already there is replaced (so `--user` can change a seeded password). */
export function addUsers(data: StubData, users: SeedUser[]): void {
  for (const user of users) {
    data.users = data.users.filter((existing) => existing.code !== user.login);
    data.users.push({
      code: user.login,
      name: user.name ?? user.login,
      password: user.password,
      email: user.email ?? "",
      ...(user.timeZone === undefined ? {} : { timeZone: user.timeZone }),
      ...(user.primaryOrganization === undefined
        ? {}
        : { primaryOrganization: user.primaryOrganization }),
    });
  }
}

function optional(space: { isPrivate?: boolean; body?: string }) {
  return {
    ...(space.isPrivate === undefined ? {} : { isPrivate: space.isPrivate }),
    ...(space.body === undefined ? {} : { body: space.body }),
  };
}

function addApp(
  state: StubState,
  seed: SeedApp,
  path: string,
  actor: { code: string; name: string },
  tokens: Set<string>,
): void {
  const id = Number(seed.id);
  if (state.app(id)) throw new SeedError(`${path}.id ${id} is used twice`);
  const spaceId = seed.spaceId === undefined || seed.spaceId === null ? null : Number(seed.spaceId);
  const space = spaceId === null ? undefined : state.space(spaceId);
  if (spaceId !== null && !space)
    throw new SeedError(`${path}.spaceId ${spaceId} is not one of the seed's spaces`);
  const apiTokens = (seed.apiTokens ?? []).map((token) => apiToken(token, path, tokens));
  const app = createApp({
    id,
    name: seed.name,
    ...(seed.code === undefined ? {} : { code: seed.code }),
    ...(seed.description === undefined ? {} : { description: seed.description }),
    spaceId,
    threadId: space?.defaultThread ?? null,
    fields: fieldMap(seed.fields),
    ...(seed.process === undefined ? {} : { process: seed.process }),
    apiTokens,
    creator: actor,
    deployed: true,
  });
  state.data.apps.set(id, app);
  state.data.counters.app = Math.max(state.data.counters.app, id);
  try {
    addRecords(state, app, seed.records ?? [], actor, (index) => `records[${index}]`);
  } catch (error) {
    if (!(error instanceof KintoneError)) throw error;
    const [key, detail] = Object.entries(error.errors ?? {})[0] ?? [];
    throw new SeedError(`${path}.${key ?? "records"}: ${detail?.messages[0] ?? error.message}`);
  }
}

function apiToken(token: SeedApiToken, path: string, seen: Set<string>): ApiTokenData {
  if (seen.has(token.token))
    throw new SeedError(`${path}: API token "${token.token}" is used twice`);
  seen.add(token.token);
  const permissions = Object.fromEntries(
    PERMISSIONS.map((permission) => [
      permission,
      token.permissions ? token.permissions[permission] === true : true,
    ]),
  ) as Record<TokenPermission, boolean>;
  return { token: token.token, permissions };
}

function fieldMap(fields: SeedField[]): Record<string, FieldProperty> {
  return Object.fromEntries(fields.map((field) => [field.code, seedField(field)]));
}

function seedField(seed: SeedField): FieldProperty {
  const { options, fields, ...rest } = seed;
  const property = fieldProperty(rest);
  if (options !== undefined) {
    property.options = Array.isArray(options)
      ? Object.fromEntries(
          options.map((name, index) => [name, { label: name, index: String(index) }]),
        )
      : options;
  }
  if (seed.type === "SUBTABLE") property.fields = fieldMap(fields ?? []);
  if (
    FIELD_TYPE_SPECS[seed.type].kind === "choice" &&
    seed.type === "RADIO_BUTTON" &&
    property.defaultValue === ""
  ) {
    // A radio button always has a choice; kintone defaults to the first option.
    property.defaultValue = Object.keys(property.options as object)[0] ?? "";
  }
  return property;
}
