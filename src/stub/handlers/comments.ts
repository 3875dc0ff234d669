import { invalidParameter, kintoneError } from "../http/kintone-error.js";
import {
  isPlainObject,
  optionalInteger,
  optionalString,
  requiredId,
  requiredObject,
} from "../http/params.js";
import { entityKind, lookupEntity } from "../records/input.js";
import { findRecord } from "../records/store.js";
import type { RouteContext } from "../router.js";
import { timestamp, type CommentData } from "../state.js";

const MAX_TEXT = 65_535;
/** Get Comments returns at most 10 comments per request. */
const MAX_LIMIT = 10;

export function addComment(ctx: RouteContext) {
  const record = findRecord(ctx.app(), requiredId(ctx.params, "record"));
  const comment = requiredObject(ctx.params, "comment");
  const text = optionalString(comment, "text") ?? "";
  if (text.trim() === "") throw invalidParameter("comment.text", "Required.");
  if (text.length > MAX_TEXT)
    throw invalidParameter("comment.text", `Enter ${MAX_TEXT} characters or fewer.`);
  const mentions = (Array.isArray(comment.mentions) ? comment.mentions : []).map(
    (mention, index) => {
      const code = isPlainObject(mention) ? optionalString(mention, "code") : undefined;
      const type = (isPlainObject(mention) ? optionalString(mention, "type") : undefined) ?? "USER";
      if (!code) throw invalidParameter(`comment.mentions[${index}].code`, "Required.");
      lookupEntity(ctx.state, entityKind(type), code);
      return { code, type };
    },
  );
  const created: CommentData = {
    id: record.nextCommentId++,
    text,
    createdAt: timestamp(),
    creator: ctx.actor,
    mentions,
  };
  record.comments.push(created);
  ctx.state.touch();
  return { id: String(created.id) };
}

export function deleteComment(ctx: RouteContext) {
  const record = findRecord(ctx.app(), requiredId(ctx.params, "record"));
  const id = requiredId(ctx.params, "comment");
  const index = record.comments.findIndex((comment) => comment.id === Number(id));
  if (index === -1) throw kintoneError.commentNotFound(id);
  record.comments.splice(index, 1);
  ctx.state.touch();
  return {};
}

export function getComments(ctx: RouteContext) {
  const record = findRecord(ctx.app(), requiredId(ctx.params, "record"));
  const order = (optionalString(ctx.params, "order") ?? "desc").toLowerCase();
  if (order !== "asc" && order !== "desc")
    throw invalidParameter("order", 'Enter "asc" or "desc".');
  const offset =
    optionalInteger(ctx.params, "offset", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const limit = optionalInteger(ctx.params, "limit", { min: 0, max: MAX_LIMIT }) ?? MAX_LIMIT;
  const sorted = [...record.comments].sort((a, b) => (order === "asc" ? a.id - b.id : b.id - a.id));
  const page = sorted.slice(offset, offset + limit);
  const before = offset > 0;
  const after = offset + page.length < sorted.length;
  return {
    comments: page.map((comment) => ({
      id: String(comment.id),
      text: comment.text,
      createdAt: comment.createdAt,
      creator: comment.creator,
      mentions: comment.mentions,
    })),
    // Newest first (desc): what comes before is newer; oldest first (asc): older.
    older: order === "desc" ? after : before,
    newer: order === "desc" ? before : after,
  };
}
