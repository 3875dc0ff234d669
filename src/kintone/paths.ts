/** Where kintone's REST API lives, with and without a guest space. */
export function apiRoot(guestSpaceId?: string | number): string {
  return guestSpaceId === undefined || guestSpaceId === ""
    ? "/k/v1"
    : `/k/guest/${String(guestSpaceId)}/v1`;
}

/** Both shapes `apiRoot` writes, followed by the API's own path. */
const API_PATH = /^\/k\/(?:guest\/(\d+)\/)?v1\/(.+)$/;

/**
 * The reverse of `apiRoot`: `/k/guest/1/v1/records.json` → `{ api: "records.json",
 * guestSpaceId: "1" }`; undefined for a path outside the REST API.
 */
export function splitApiPath(pathname: string): { api: string; guestSpaceId?: string } | undefined {
  const match = API_PATH.exec(pathname);
  if (!match) return undefined;
  const [, guestSpaceId, api] = match;
  return guestSpaceId === undefined ? { api: api! } : { api: api!, guestSpaceId };
}
