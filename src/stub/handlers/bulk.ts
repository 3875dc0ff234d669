import { invalidParameter, KintoneError } from "../http/kintone-error.js";
import { isPlainObject, requiredArray, requiredString } from "../http/params.js";
import { parseApiPath, type HttpMethod, type RouteContext } from "../router.js";

/** kintone runs at most 20 requests in one bulkRequest.json. */
export const MAX_BULK_REQUESTS = 20;

const METHODS: readonly HttpMethod[] = ["POST", "PUT", "DELETE"];

/**
 * The failure of one request inside a bulk: kintone answers `{"results": [...]}` with the error
 * at the failing request's index and `{}` everywhere else, and none of the requests take effect.
 */
export class BulkRequestError extends KintoneError {
  constructor(
    private readonly failure: KintoneError,
    private readonly index: number,
    private readonly count: number,
  ) {
    super(failure.status, failure.code, failure.message, failure.errors);
  }

  override toBody(): object {
    return {
      results: Array.from({ length: this.count }, (_, index) =>
        index === this.index ? this.failure.toBody() : {},
      ),
    };
  }
}

export function bulkRequest(ctx: RouteContext) {
  const requests = requiredArray(ctx.params, "requests");
  if (requests.length > MAX_BULK_REQUESTS) {
    throw invalidParameter("requests", `Give at most ${MAX_BULK_REQUESTS} requests.`);
  }
  const calls = requests.map((request, index) => {
    const key = `requests[${index}]`;
    if (!isPlainObject(request)) throw invalidParameter(key, "Enter an object.");
    const method = requiredString(request, "method").toUpperCase() as HttpMethod;
    if (!METHODS.includes(method))
      throw invalidParameter(`${key}.method`, "Enter POST, PUT or DELETE.");
    const target = parseApiPath(requiredString(request, "api"));
    if (!target)
      throw invalidParameter(
        `${key}.api`,
        "Enter the path of a record API, e.g. /k/v1/records.json.",
      );
    const payload = request.payload ?? {};
    if (!isPlainObject(payload)) throw invalidParameter(`${key}.payload`, "Enter an object.");
    return { method, target, params: payload };
  });
  const results = ctx.state.transaction(() =>
    calls.map((call, index) => {
      try {
        return ctx.dispatch(call);
      } catch (error) {
        throw error instanceof KintoneError
          ? new BulkRequestError(error, index, calls.length)
          : error;
      }
    }),
  );
  return { results };
}
