/** Where kintone's REST API lives, with and without a guest space. */
export function apiRoot(guestSpaceId?: string | number): string {
  return guestSpaceId === undefined || guestSpaceId === ""
    ? "/k/v1"
    : `/k/guest/${String(guestSpaceId)}/v1`;
}
