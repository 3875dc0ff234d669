import { UsageError } from "../errors.js";

/**
 * `--app 12 --app 15` or `--app 12,15`: app ids in the order given, each once. A value that is not
 * a positive integer stops the command before any request is sent.
 */
export function parseAppIds(values: readonly (string | number)[] | undefined): number[] {
  const ids: number[] = [];
  for (const value of values ?? []) {
    for (const part of String(value).split(",")) {
      const text = part.trim();
      if (!/^[1-9][0-9]{0,15}$/.test(text)) {
        throw new UsageError(`--app "${text}" is not an app id (a positive integer)`);
      }
      const id = Number(text);
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
