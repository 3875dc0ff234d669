import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  isPlainObject,
  optionalBoolean,
  pageOf,
  optionalString,
  optionalStringArray,
  requiredArray,
  requiredId,
  requiredObject,
  requiredString,
  type Params,
} from "../http/params.js";
import { entityKind, lookupEntity } from "../records/input.js";
import type { RouteContext } from "../router.js";
import {
  timestamp,
  type Entity,
  type SpaceData,
  type SpaceMember,
  type StubState,
} from "../state.js";
import { appName } from "./apps.js";

/** Get Space Statistics lists 100 spaces at most per request. */
const MAX_SPACES = 100;

/** A new space, as Create Space from Template makes it; also used for seeded spaces. */
export function newSpace(
  state: StubState,
  spec: {
    id: number;
    name: string;
    isGuest: boolean;
    isPrivate?: boolean;
    body?: string;
    creator: Entity;
    members: SpaceMember[];
  },
): SpaceData {
  const thread = ++state.data.counters.thread;
  return {
    id: spec.id,
    name: spec.name,
    isGuest: spec.isGuest,
    isPrivate: spec.isPrivate ?? spec.isGuest,
    body: spec.body ?? "",
    fixedMember: false,
    useMultiThread: false,
    showAnnouncement: true,
    showThreadList: true,
    showAppList: true,
    showMemberList: true,
    showRelatedLinkList: true,
    permissions: { createApp: "EVERYONE" },
    createdAt: timestamp(),
    creator: spec.creator,
    modifier: spec.creator,
    members: spec.members,
    threads: [{ id: thread, name: "", body: "", nextCommentId: 1 }],
    defaultThread: thread,
  };
}

export function getSpace(ctx: RouteContext) {
  const space = ctx.space();
  return {
    id: String(space.id),
    name: space.name,
    defaultThread: String(space.defaultThread),
    isPrivate: space.isPrivate,
    creator: space.creator,
    modifier: space.modifier,
    memberCount: String(space.members.length),
    coverType: "PRESET",
    coverKey: "GREEN",
    coverUrl: "",
    body: space.body,
    useMultiThread: space.useMultiThread,
    isGuest: space.isGuest,
    attachedApps: [...ctx.state.data.apps.values()]
      .filter((app) => app.deployed && app.spaceId === space.id)
      .map((app) => ({
        threadId: String(app.threadId),
        appId: String(app.id),
        code: app.code,
        name: appName(app),
        description: String(app.live["app/settings"]?.description ?? ""),
        createdAt: app.createdAt,
        creator: app.creator,
        modifiedAt: app.modifiedAt,
        modifier: app.modifier,
      })),
    fixedMember: space.fixedMember,
    showAnnouncement: space.showAnnouncement,
    showThreadList: space.showThreadList,
    showAppList: space.showAppList,
    showMemberList: space.showMemberList,
    showRelatedLinkList: space.showRelatedLinkList,
    permissions: space.permissions,
  };
}

const SPACE_SETTINGS = [
  "name",
  "isPrivate",
  "fixedMember",
  "useMultiThread",
  "showAnnouncement",
  "showThreadList",
  "showAppList",
  "showMemberList",
  "showRelatedLinkList",
  "permissions",
] as const;

export function updateSpace(ctx: RouteContext) {
  const space = ctx.space();
  for (const key of SPACE_SETTINGS) {
    if (ctx.params[key] === undefined) continue;
    if (key === "name") space.name = requiredString(ctx.params, "name");
    else if (key === "permissions")
      space.permissions = {
        createApp: String(requiredObject(ctx.params, key).createApp ?? "EVERYONE"),
      };
    else space[key] = optionalBoolean(ctx.params, key) ?? space[key];
  }
  return changed(ctx, space);
}

export function deleteSpace(ctx: RouteContext) {
  const space = ctx.space();
  ctx.state.data.spaces = ctx.state.data.spaces.filter((candidate) => candidate !== space);
  for (const app of ctx.state.data.apps.values()) {
    if (app.spaceId === space.id) ctx.state.data.apps.delete(app.id);
  }
  ctx.state.touch();
  return {};
}

export function updateSpaceBody(ctx: RouteContext) {
  const space = ctx.space();
  space.body = optionalString(ctx.params, "body") ?? "";
  return changed(ctx, space);
}

export function getSpaceMembers(ctx: RouteContext) {
  return { members: ctx.space().members };
}

export function updateSpaceMembers(ctx: RouteContext) {
  const space = ctx.space();
  const members = requiredArray(ctx.params, "members").map((member, index) =>
    readMember(ctx, member, `members[${index}]`),
  );
  if (!members.some((member) => member.isAdmin)) {
    throw invalidParameter("members", "A space needs at least one administrator.");
  }
  space.members = members;
  return changed(ctx, space);
}

export function updateSpaceGuests(ctx: RouteContext) {
  const space = ctx.space();
  if (!space.isGuest) throw kintoneError.notInGuestSpace(String(space.id));
  const guests = optionalStringArray(ctx.params, "guests") ?? [];
  for (const code of guests) lookupEntity(ctx.state, "users", code);
  space.members = [
    ...space.members.filter(
      (member) => member.entity.type !== "USER" || !member.entity.code.includes("@"),
    ),
    ...guests.map((code) => ({ entity: { type: "USER", code }, isAdmin: false })),
  ];
  return changed(ctx, space);
}

export function addThread(ctx: RouteContext) {
  const space = ctx.space("space");
  const name = requiredString(ctx.params, "name");
  const id = ++ctx.state.data.counters.thread;
  space.threads.push({ id, name, body: "", nextCommentId: 1 });
  space.useMultiThread = true;
  changed(ctx, space);
  return { id: String(id) };
}

export function updateThread(ctx: RouteContext) {
  const id = Number(requiredId(ctx.params, "id"));
  const space = ctx.state.data.spaces.find((candidate) =>
    candidate.threads.some((thread) => thread.id === id),
  );
  if (!space) throw kintoneError.threadNotFound(String(id));
  ctx.checkGuestSpace(space.id);
  const thread = space.threads.find((candidate) => candidate.id === id)!;
  thread.name = optionalString(ctx.params, "name") ?? thread.name;
  thread.body = optionalString(ctx.params, "body") ?? thread.body;
  return changed(ctx, space);
}

export function addThreadComment(ctx: RouteContext) {
  const space = ctx.space("space");
  const threadId = requiredId(ctx.params, "thread");
  const thread = space.threads.find((candidate) => candidate.id === Number(threadId));
  if (!thread) throw kintoneError.threadNotFound(threadId);
  const comment = requiredObject(ctx.params, "comment");
  const text = optionalString(comment, "text") ?? "";
  const files = Array.isArray(comment.files) ? comment.files : [];
  if (text.trim() === "" && files.length === 0) throw invalidParameter("comment.text", "Required.");
  files.forEach((file, index) => {
    const key = isPlainObject(file) ? optionalString(file, "fileKey") : undefined;
    if (!key || !ctx.state.data.files.has(key)) {
      throw invalidParameter(
        `comment.files[${index}].fileKey`,
        `The fileKey "${String(key)}" is not an uploaded file.`,
      );
    }
  });
  ctx.state.touch();
  return { id: String(thread.nextCommentId++) };
}

export function getSpaceStatistics(ctx: RouteContext) {
  return {
    spaces: pageOf(ctx.params, ctx.state.data.spaces, MAX_SPACES).map((space) => ({
      id: String(space.id),
      name: space.name,
      isPrivate: space.isPrivate,
      isGuest: space.isGuest,
      memberCount: String(space.members.length),
      administratorCount: String(space.members.filter((member) => member.isAdmin).length),
      createdAt: space.createdAt,
      creator: space.creator,
      modifiedAt: space.createdAt,
      modifier: space.modifier,
    })),
  };
}

/** Create Space from Template: the template id is checked for shape only. */
export function createSpaceFromTemplate(ctx: RouteContext) {
  requiredId(ctx.params, "id");
  const members = requiredArray(ctx.params, "members").map((member, index) =>
    readMember(ctx, member, `members[${index}]`),
  );
  const space = newSpace(ctx.state, {
    id: ++ctx.state.data.counters.space,
    name: requiredString(ctx.params, "name"),
    isGuest: optionalBoolean(ctx.params, "isGuest") ?? false,
    isPrivate: optionalBoolean(ctx.params, "isPrivate") ?? false,
    creator: ctx.actor,
    members,
  });
  space.fixedMember = optionalBoolean(ctx.params, "fixedMember") ?? false;
  ctx.state.data.spaces.push(space);
  ctx.state.touch();
  return { id: String(space.id) };
}

/** Add Guests: guest users become users of the stub (they can then log in). */
export function addGuests(ctx: RouteContext) {
  const guests = requiredArray(ctx.params, "guests").map((guest, index) => {
    const key = `guests[${index}]`;
    if (!isPlainObject(guest)) throw invalidParameter(key, "Enter an object.");
    const code = requiredString(guest, "code");
    if (!/^[^@\s]+@[^@\s]+$/.test(code))
      throw invalidParameter(`${key}.code`, "Enter the guest's email address.");
    return {
      code,
      name: requiredString(guest, "name"),
      password: requiredString(guest, "password"),
      email: code,
    };
  });
  for (const guest of guests) {
    ctx.state.data.users = ctx.state.data.users.filter((user) => user.code !== guest.code);
    ctx.state.data.users.push(guest);
  }
  ctx.state.touch();
  return {};
}

export function deleteGuests(ctx: RouteContext) {
  const codes = optionalStringArray(ctx.params, "guests");
  if (!codes || codes.length === 0) throw invalidParameter("guests", "Required.");
  ctx.state.data.users = ctx.state.data.users.filter((user) => !codes.includes(user.code));
  ctx.state.touch();
  return {};
}

function readMember(ctx: RouteContext, member: unknown, key: string): SpaceMember {
  if (!isPlainObject(member) || !isPlainObject(member.entity))
    throw invalidParameter(`${key}.entity`, "Required.");
  const entity = member.entity as Params;
  const type = requiredString(entity, "type");
  const code = requiredString(entity, "code");
  lookupEntity(ctx.state, entityKind(type), code);
  const read: SpaceMember = {
    entity: { type, code },
    isAdmin: optionalBoolean(member, "isAdmin") ?? false,
  };
  // Only departments have subordinates: kintone shows includeSubs for them alone, so members
  // written back exactly as Get space members read them stay exactly the same.
  if (type === "ORGANIZATION") read.includeSubs = optionalBoolean(member, "includeSubs") ?? false;
  return read;
}

function changed(ctx: RouteContext, space: SpaceData) {
  space.modifier = ctx.actor;
  ctx.state.touch();
  return {};
}
