/**
 * What a generated collection carries (variable `kintoneBlastRadius`) so that `run` can decide
 * what a whole run may send: each request's blast radius by item id (`reads`, `own-data`,
 * `existing-data`, `settings`, see catalog/types.ts), and the requests that deploy.
 */
export interface BlastRadiusMap {
  items: Record<string, string>;
  deploys: string[];
}
