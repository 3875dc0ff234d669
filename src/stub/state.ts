import { randomUUID } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import type { FieldProperty } from "./fields.js";
import type { TokenPermission } from "./seed/types.js";

/** `{code, name}`: how kintone shows a user, department or group. */
export interface Entity {
  code: string;
  name: string;
}

export interface UserAccount extends Entity {
  password: string;
  email: string;
  /** IANA name; the query's date functions count days in it. */
  timeZone?: string;
  /** Department code PRIMARY_ORGANIZATION() stands for. */
  primaryOrganization?: string;
}

export interface ApiTokenData {
  token: string;
  permissions: Record<TokenPermission, boolean>;
}

export interface FileData {
  fileKey: string;
  name: string;
  contentType: string;
  /** Base64, so the whole state stays plain JSON. */
  data: string;
  /**
   * Upload File hands out a temporary key, good only for attaching; attaching stores the file
   * under a new key, the one Get Record shows and Download File takes.
   */
  temporary: boolean;
}

export interface CommentData {
  id: number;
  text: string;
  createdAt: string;
  creator: Entity;
  mentions: { code: string; type: string }[];
}

/** A subtable row as stored: inner values without their types. */
export interface StoredRow {
  id: string;
  value: Record<string, unknown>;
}

export interface RecordData {
  id: number;
  revision: number;
  createdAt: string;
  creator: Entity;
  updatedAt: string;
  modifier: Entity;
  /** Field code → value in kintone's output form (subtables as StoredRow[]). */
  values: Record<string, unknown>;
  status: string;
  assignees: Entity[];
  comments: CommentData[];
  nextCommentId: number;
}

/**
 * An app's settings as documents keyed by their API path without `.json` and `preview/`:
 * `app/form/fields` → `{properties}`, `app/views` → `{views}`, `app/acl` → `{rights}`…
 */
export type AppDocuments = Record<string, Record<string, unknown>>;

export interface AppData {
  id: number;
  code: string;
  /** Name and description live in the `app/settings` document. */
  spaceId: number | null;
  threadId: number | null;
  createdAt: string;
  creator: Entity;
  modifiedAt: string;
  modifier: Entity;
  /** An app created through the API exists only in preview until its first deploy. */
  deployed: boolean;
  revision: number;
  previewRevision: number;
  live: AppDocuments;
  preview: AppDocuments;
  apiTokens: ApiTokenData[];
  records: Map<number, RecordData>;
  nextRecordId: number;
}

export interface SpaceMember {
  entity: { type: string; code: string };
  isAdmin: boolean;
  includeSubs?: boolean;
}

export interface ThreadData {
  id: number;
  name: string;
  body: string;
  nextCommentId: number;
}

export interface SpaceData {
  id: number;
  name: string;
  isGuest: boolean;
  isPrivate: boolean;
  body: string;
  fixedMember: boolean;
  useMultiThread: boolean;
  showAnnouncement: boolean;
  showThreadList: boolean;
  showAppList: boolean;
  showMemberList: boolean;
  showRelatedLinkList: boolean;
  permissions: { createApp: string };
  createdAt: string;
  creator: Entity;
  modifier: Entity;
  members: SpaceMember[];
  threads: ThreadData[];
  defaultThread: number;
}

export interface PluginData {
  id: string;
  name: string;
  version: string;
  description: string;
}

export interface StubData {
  users: UserAccount[];
  organizations: Entity[];
  groups: Entity[];
  spaces: SpaceData[];
  apps: Map<number, AppData>;
  oauthTokens: { token: string; login: string }[];
  files: Map<string, FileData>;
  plugins: PluginData[];
  counters: { app: number; space: number; thread: number; row: number };
}

export interface CursorData {
  id: string;
  app: number;
  /** The records of the query, fixed when the cursor is created. */
  records: Record<string, unknown>[];
  position: number;
  size: number;
  expiresAt: number;
}

/** A cursor lives ten minutes after its creation or its last read, as in kintone. */
export const CURSOR_LIFETIME_MS = 10 * 60 * 1000;

/**
 * Everything the stub knows, kept in memory. With a persist file, every change is written back
 * as JSON (to a temporary file, then renamed over the old one, so a crash never leaves half a file).
 */
export class StubState {
  readonly cursors = new Map<string, CursorData>();
  /**
   * Told when the persist file cannot be written: once when writes start failing, again only
   * after one succeeded. The change stays in memory and goes out with the next write.
   */
  onPersistError: (error: Error) => void = (error) => process.emitWarning(error.message);
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  /** Numbers the writes, so a failed one knows whether a later one already carries its change. */
  private lastWrite = 0;
  private failing = false;

  constructor(
    public data: StubData,
    private readonly persistPath?: string,
  ) {}

  /** Loads a state written earlier by `persist`, or undefined when the file does not exist. */
  static async restore(path: string): Promise<StubState | undefined> {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new UsageError(`cannot read persist file ${path}: ${(error as Error).message}`);
    }
    try {
      return new StubState(fromJson(JSON.parse(text)), path);
    } catch (error) {
      throw new UsageError(
        `persist file ${path} is not a saved stub state: ${(error as Error).message}`,
      );
    }
  }

  app(id: number): AppData | undefined {
    return this.data.apps.get(id);
  }

  user(code: string): UserAccount | undefined {
    return this.data.users.find((user) => user.code === code);
  }

  space(id: number): SpaceData | undefined {
    return this.data.spaces.find((space) => space.id === id);
  }

  /** Marks the state changed; the server persists it before answering. */
  touch(): void {
    this.dirty = true;
  }

  /** Runs `change` all-or-nothing: when it throws, the state is as it was before. */
  transaction<T>(change: () => T): T {
    const before = structuredClone(this.data);
    try {
      return change();
    } catch (error) {
      this.data = before;
      throw error;
    }
  }

  /**
   * Writes the state when it changed. Never rejects: the memory is what the stub serves, so a
   * disk that refuses the write (full, removed, read-only) must not fail the request.
   */
  async persist(): Promise<void> {
    if (!this.persistPath || !this.dirty) return;
    this.dirty = false;
    const path = this.persistPath;
    const json = JSON.stringify(toJson(this.data));
    const id = ++this.lastWrite;
    // Writes are chained so two quick changes never interleave on disk; the chain itself never
    // rejects, so one failed write does not fail every later one.
    this.writing = this.writing
      .then(() => writeAtomically(path, json))
      .then(
        () => {
          this.failing = false;
        },
        (error: NodeJS.ErrnoException) => {
          // Unless a later write already carries this change, the next persist retries it.
          if (id === this.lastWrite) this.dirty = true;
          if (this.failing) return;
          this.failing = true;
          this.onPersistError(
            new Error(
              `cannot write persist file ${path} (${error.code ?? error.message}); ` +
                "changes stay in memory and are written with the next one",
            ),
          );
        },
      );
    await this.writing;
  }
}

/** A temporary file renamed over `path`; the temporary file never outlives a failure. */
async function writeAtomically(path: string, json: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, json);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

interface PersistedApp extends Omit<AppData, "records"> {
  records: RecordData[];
}

interface PersistedState extends Omit<StubData, "apps" | "files"> {
  format: "kintone-stub-state";
  version: 1;
  apps: PersistedApp[];
  files: FileData[];
}

function toJson(data: StubData): PersistedState {
  return {
    format: "kintone-stub-state",
    version: 1,
    ...data,
    apps: [...data.apps.values()].map((app) => ({ ...app, records: [...app.records.values()] })),
    files: [...data.files.values()],
  };
}

function fromJson(json: unknown): StubData {
  const state = json as Partial<PersistedState>;
  if (state.format !== "kintone-stub-state" || state.version !== 1) {
    throw new Error('expected "format": "kintone-stub-state" and "version": 1');
  }
  const { apps, files, users, organizations, groups, spaces, oauthTokens, plugins, counters } =
    state as PersistedState;
  return {
    users,
    organizations,
    groups,
    spaces,
    oauthTokens,
    plugins,
    counters,
    apps: new Map(
      apps.map((app) => [app.id, { ...app, records: new Map(app.records.map((r) => [r.id, r])) }]),
    ),
    files: new Map(files.map((file) => [file.fileKey, file])),
  };
}

/** The form fields of an app, live or as previewed. */
export function fieldsOf(app: AppData, preview = false): Record<string, FieldProperty> {
  const documents = preview ? app.preview : app.live;
  return (documents["app/form/fields"]?.properties ?? {}) as Record<string, FieldProperty>;
}

/** kintone's timestamps: UTC, second precision, no milliseconds. */
export function timestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
