import { kindOf } from "../fields.js";
import { invalidParameter } from "../http/kintone-error.js";
import {
  isPlainObject,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requiredArray,
} from "../http/params.js";
import type { RouteContext } from "../router.js";
import { fieldsOf } from "../state.js";
import { appName } from "./apps.js";

interface Condition {
  operator: "AND" | "OR" | "NOT";
  keywords: string[];
}

interface Candidate {
  type: string;
  createdAt: string;
  texts: { code?: string; label?: string; text: string }[];
  hit: Record<string, unknown>;
}

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 20;

/**
 * kintone's full-text search (POST search.json), over record text fields, record comments and
 * spaces. Conditions are AND-joined; a request whose conditions are all NOT finds nothing, as in
 * kintone.
 */
export function search(ctx: RouteContext) {
  const conditions = requiredArray(ctx.params, "query").map((entry, index): Condition => {
    const key = `query[${index}]`;
    if (!isPlainObject(entry)) throw invalidParameter(key, "Enter an object.");
    const operator = (optionalString(entry, "operator") ?? "").toUpperCase();
    if (operator !== "AND" && operator !== "OR" && operator !== "NOT") {
      throw invalidParameter(`${key}.operator`, "Enter AND, OR or NOT.");
    }
    const keywords = optionalStringArray(entry, "keywords") ?? [];
    if (keywords.length === 0) throw invalidParameter(`${key}.keywords`, "Required.");
    return { operator, keywords: keywords.map((keyword) => keyword.toLowerCase()) };
  });
  const types = optionalStringArray(ctx.params, "types");
  const limit = optionalInteger(ctx.params, "limit", { min: 1, max: MAX_LIMIT }) ?? DEFAULT_LIMIT;
  const offset = pageOffset(optionalString(ctx.params, "pageToken"));
  if (!conditions.some((condition) => condition.operator !== "NOT"))
    return { hits: [], nextPageToken: null };
  const matches = candidates(ctx)
    .filter((candidate) => !types || types.includes(candidate.type))
    .filter((candidate) => conditions.every((condition) => satisfies(condition, candidate)))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const page = matches.slice(offset, offset + limit).map((candidate) => {
    const matched = candidate.texts.filter((text) =>
      conditions.some(
        (c) => c.operator !== "NOT" && c.keywords.some((k) => text.text.toLowerCase().includes(k)),
      ),
    );
    const hit: Record<string, unknown> = {
      ...candidate.hit,
      snippets: matched.map((text) => text.text.slice(0, 100)),
    };
    if (candidate.type === "RECORD") {
      const record = hit.record as Record<string, unknown>;
      record.matchedFields = matched
        .filter((text) => text.code)
        .map(({ code, label }) => ({ code, label }));
    }
    return hit;
  });
  const next =
    offset + limit < matches.length
      ? Buffer.from(String(offset + limit)).toString("base64url")
      : null;
  return { hits: page, nextPageToken: next };
}

function satisfies(condition: Condition, candidate: Candidate): boolean {
  const haystack = candidate.texts.map((text) => text.text.toLowerCase()).join("\n");
  const found = condition.keywords.map((keyword) => haystack.includes(keyword));
  if (condition.operator === "AND") return found.every(Boolean);
  if (condition.operator === "OR") return found.some(Boolean);
  return !found.some(Boolean);
}

function candidates(ctx: RouteContext): Candidate[] {
  const result: Candidate[] = [];
  for (const app of ctx.state.data.apps.values()) {
    if (!app.deployed) continue;
    const space = app.spaceId === null ? undefined : ctx.state.space(app.spaceId);
    const textFields = Object.values(fieldsOf(app)).filter((field) => kindOf(field) === "text");
    for (const record of app.records.values()) {
      const base = {
        appId: String(app.id),
        appName: appName(app),
        recordId: String(record.id),
        recordTitle: String(record.values[textFields[0]?.code ?? ""] ?? ""),
        ...(space ? { spaceId: String(space.id), spaceName: space.name } : {}),
      };
      result.push({
        type: "RECORD",
        createdAt: record.createdAt,
        texts: textFields.map((field) => ({
          code: field.code,
          label: field.label,
          text: String(record.values[field.code] ?? ""),
        })),
        hit: {
          type: "RECORD",
          url: `/k/${app.id}/show#record=${record.id}`,
          record: {
            ...base,
            createdAt: record.createdAt,
            creator: record.creator,
            matchedFields: [],
          },
        },
      });
      for (const comment of record.comments) {
        result.push({
          type: "RECORD_COMMENT",
          createdAt: comment.createdAt,
          texts: [{ text: comment.text }],
          hit: {
            type: "RECORD_COMMENT",
            url: `/k/${app.id}/show#record=${record.id}&comment=${comment.id}`,
            recordComment: {
              ...base,
              commentId: String(comment.id),
              createdAt: comment.createdAt,
              creator: comment.creator,
            },
          },
        });
      }
    }
  }
  for (const space of ctx.state.data.spaces) {
    const summary = {
      spaceId: String(space.id),
      spaceName: space.name,
      createdAt: space.createdAt,
      creator: space.creator,
    };
    result.push({
      type: "SPACE",
      createdAt: space.createdAt,
      texts: [{ text: space.name }, { text: space.body }],
      hit: { type: "SPACE", url: `/k/#/space/${space.id}`, space: summary },
    });
  }
  return result;
}

function pageOffset(token: string | undefined): number {
  if (!token) return 0;
  const offset = Number(Buffer.from(token, "base64url").toString());
  if (!Number.isInteger(offset) || offset < 0)
    throw invalidParameter("pageToken", "The page token is not valid.");
  return offset;
}
