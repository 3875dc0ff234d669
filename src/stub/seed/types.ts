import type { FieldType } from "../fields.js";

/**
 * What the stub starts with: users, spaces, apps with their fields and records, API tokens and
 * OAuth tokens. A seed file is this object as JSON.
 */
export interface StubSeed {
  users?: SeedUser[];
  organizations?: SeedEntity[];
  groups?: SeedEntity[];
  spaces?: SeedSpace[];
  apps: SeedApp[];
  oauthTokens?: SeedOAuthToken[];
  /** Files already attached to records; records refer to them by `fileKey`. */
  files?: SeedFile[];
  /** Plug-ins installed in the domain. */
  plugins?: SeedPlugin[];
}

export interface SeedPlugin {
  /** 32 lowercase letters a–p, as kintone's plug-in ids are. */
  id: string;
  name: string;
  version?: string;
  description?: string;
}

export interface SeedUser {
  login: string;
  password: string;
  /** Display name; defaults to the login name. */
  name?: string;
  email?: string;
  /** IANA time zone for TODAY() and the other query date functions; default Asia/Tokyo. */
  timeZone?: string;
  /** Department code PRIMARY_ORGANIZATION() stands for; none by default. */
  primaryOrganization?: string;
}

export interface SeedEntity {
  code: string;
  name: string;
}

export interface SeedSpace {
  id: number | string;
  name: string;
  isGuest?: boolean;
  isPrivate?: boolean;
  body?: string;
  /** Login names of the members; the first one is the administrator. */
  members?: string[];
}

export type TokenPermission =
  "viewRecord" | "addRecord" | "editRecord" | "deleteRecord" | "editApp";

export interface SeedApiToken {
  token: string;
  /** Defaults to every permission. */
  permissions?: Partial<Record<TokenPermission, boolean>>;
}

export interface SeedOAuthToken {
  token: string;
  /** The user the token acts for. */
  login: string;
}

/**
 * A field in short form: `type` and `code`, plus any property kintone reports for the type
 * (`required`, `unique`, `maxLength`, `expression`…). `options` may be a list of names, and a
 * SUBTABLE lists its columns in `fields`. Everything left out gets kintone's default.
 */
export interface SeedField {
  code: string;
  type: FieldType;
  label?: string;
  options?: string[] | Record<string, { label: string; index: string }>;
  fields?: SeedField[];
  [property: string]: unknown;
}

export interface SeedAssigneeEntity {
  type: "USER" | "GROUP" | "ORGANIZATION" | "FIELD_ENTITY" | "CREATOR";
  code?: string;
}

export interface SeedProcess {
  /** In order; records start in the first state. */
  /**
   * `assigneeType`: kintone's assignee list type; `ONE` (the default) with several `assignees`
   * makes whoever runs the action into this state choose one. An assignee is a user's code, or
   * an entity as `app/status.json` lists it: the creator, the users a field holds
   * (`FIELD_ENTITY` with the field's code), a group's or a department's members.
   */
  states: {
    name: string;
    assignees?: (string | SeedAssigneeEntity)[];
    assigneeType?: "ONE" | "ALL" | "ANY";
  }[];
  actions: { name: string; from: string; to: string }[];
}

export interface SeedApp {
  id: number | string;
  name: string;
  code?: string;
  description?: string;
  /** The space the app lives in; an app in a guest space answers only on its guest path. */
  spaceId?: number | string | null;
  fields: SeedField[];
  /** Process management; left out, it is off. */
  process?: SeedProcess;
  apiTokens?: SeedApiToken[];
  /** Records in the format Add Record takes: `{"Title": {"value": "…"}}`. */
  records?: Record<string, unknown>[];
}

export interface SeedFile {
  fileKey: string;
  name: string;
  contentType?: string;
  /** Content as UTF-8 text… */
  text?: string;
  /** …or as base64. */
  base64?: string;
}
