import { splitApiPath } from "../kintone/paths.js";
import { actorOf, authorizeApp, type Principal } from "./auth.js";
import { kintoneError } from "./http/kintone-error.js";
import type { FormPart } from "./http/multipart.js";
import { idFrom, requiredId, type Params } from "./http/params.js";
import type { TokenPermission } from "./seed/types.js";
import type { AppData, Entity, SpaceData, StubState } from "./state.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface Route {
  method: HttpMethod;
  /** Below the API root: `records.json`, `preview/app/form/fields.json`. */
  path: string;
  handler: (ctx: RouteContext) => unknown;
  /** The API token permission needed on the app the request addresses. */
  permission?: TokenPermission;
  /** kintone refuses API tokens for spaces, plug-ins and guests. */
  tokens?: false;
  /** One of the record APIs bulkRequest.json may carry. */
  bulk?: true;
}

/** A handler's answer when it is a file rather than JSON. */
export class FileResponse {
  constructor(
    readonly data: Buffer,
    readonly contentType: string,
    readonly name: string,
  ) {}
}

/** An API path split into its guest space (if any) and the part below the root. */
export interface ApiTarget {
  path: string;
  guestSpaceId?: number;
}

/** `/k/v1/records.json` or `/k/guest/1/v1/records.json`; anything else is not the REST API. */
export function parseApiPath(pathname: string): ApiTarget | undefined {
  const split = splitApiPath(pathname);
  if (!split?.api.endsWith(".json")) return undefined;
  return split.guestSpaceId === undefined
    ? { path: split.api }
    : { path: split.api, guestSpaceId: Number(split.guestSpaceId) };
}

export interface Dispatch {
  (request: { method: HttpMethod; target: ApiTarget; params: Params }): unknown;
}

/**
 * What a handler sees. `app()` and `space()` resolve the addressed app or space and apply every
 * check kintone makes on the way: existence, guest space and API token.
 */
export class RouteContext {
  constructor(
    readonly state: StubState,
    readonly route: Route,
    readonly target: ApiTarget,
    readonly params: Params,
    readonly principal: Principal,
    readonly form: FormPart[],
    /** Runs another API call with the same credentials (bulkRequest.json). */
    readonly dispatch: Dispatch,
  ) {}

  get actor(): Entity {
    return actorOf(this.principal);
  }

  /** The app named by `params[key]`; apps still in preview only answer preview APIs. */
  app(options: { key?: string; preview?: boolean; id?: string } = {}): AppData {
    const id = options.id ?? requiredId(this.params, options.key ?? "app");
    const app = this.state.app(Number(id));
    if (!app || (!app.deployed && !options.preview)) throw kintoneError.appNotFound(id);
    this.checkGuestSpace(app.spaceId);
    authorizeApp(this.principal, app, this.route.permission);
    return app;
  }

  space(key = "id"): SpaceData {
    const id = requiredId(this.params, key);
    const space = this.state.space(Number(id));
    if (!space) throw kintoneError.spaceNotFound(id);
    this.checkGuestSpace(space.id);
    return space;
  }

  /** A space id from a parameter, for APIs that move things into a space. */
  spaceFrom(value: unknown, key: string): SpaceData {
    const id = idFrom(value, key);
    const space = this.state.space(Number(id));
    if (!space) throw kintoneError.spaceNotFound(id);
    return space;
  }

  /**
   * Things inside a guest space answer only on that space's guest path, and a guest path answers
   * only for things inside its space.
   */
  checkGuestSpace(spaceId: number | null): void {
    const space = spaceId === null ? undefined : this.state.space(spaceId);
    const guestSpace = space?.isGuest ? space.id : undefined;
    if (guestSpace === this.target.guestSpaceId) return;
    if (this.target.guestSpaceId === undefined)
      throw kintoneError.guestSpaceRequired(String(guestSpace));
    throw kintoneError.outsideGuestSpace(String(this.target.guestSpaceId));
  }
}
