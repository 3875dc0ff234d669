import { createHash } from "node:crypto";

/**
 * A UUID derived from names (the RFC 4122 version 5 layout over SHA-1), so that regenerating a
 * collection gives the same ids and importing it again updates items instead of duplicating them.
 */
export function stableId(...names: string[]): string {
  const hex = createHash("sha1").update(names.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(18, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}
