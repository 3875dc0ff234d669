/** The HTTP headers kintone reads for authentication. Postman scripts spell them the same way. */
export const KintoneHeader = {
  password: "X-Cybozu-Authorization",
  apiToken: "X-Cybozu-API-Token",
  /** OAuth bearer and Basic auth both travel in the standard header. */
  authorization: "Authorization",
  methodOverride: "X-HTTP-Method-Override",
} as const;

/** kintone accepts at most this many comma-joined API tokens in one request. */
export const MAX_API_TOKENS = 9;
