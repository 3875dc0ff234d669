import { UsageError } from "../errors.js";
import { kintoneClient, type AppReadSettings } from "./client.js";
import { describeReadError } from "./read-error.js";
import type { AppForm, FormField, LayoutElement, ProcessSettings } from "./types.js";

export type { AppReadSettings } from "./client.js";

/**
 * Reads each app's settings, form, layout and process management through the official client,
 * with at most `settings.concurrency` requests in flight. The first failure stops the reading and
 * becomes one line naming the app, kintone's code and a hint. Each form goes through `build` as
 * soon as it arrives, so only what `build` keeps of it stays in memory (not every app's raw
 * answers at once); the results come back in the order the apps were asked for.
 */
export async function readApps<T = AppForm>(
  ids: readonly number[],
  settings: AppReadSettings,
  progress: (line: string) => void = () => {},
  build: (form: AppForm) => T = (form) => form as T,
): Promise<T[]> {
  const client = await kintoneClient(settings);
  const limit = limiter(settings.concurrency);
  let failed = false;
  // Progress lines come in the order the apps were asked for, whichever answers first.
  const lines: (string | undefined)[] = [];
  let printed = 0;
  const report = (index: number, line: string) => {
    lines[index] = line;
    while (printed < ids.length && lines[printed] !== undefined) progress(lines[printed++]!);
  };
  const readOne = async (id: number, index: number): Promise<T> => build(await readForm(id, index));
  const readForm = async (id: number, index: number): Promise<AppForm> => {
    const call = <R>(request: () => Promise<R>) =>
      limit(() => (failed ? Promise.reject(new Stopped()) : request()));
    try {
      const [app, form, layout, process] = await Promise.all([
        call(() => client.app.getApp({ id })),
        call(() => client.app.getFormFields({ app: id })),
        call(() => client.app.getFormLayout({ app: id })),
        call(() => client.app.getProcessManagement({ app: id })),
      ]);
      const fields = form.properties as unknown as Record<string, FormField>;
      report(index, `app ${id} ${app.name} … ${countFields(fields)} fields`);
      return {
        id,
        name: app.name,
        fields,
        layout: layout.layout as unknown as LayoutElement[],
        process: process as unknown as ProcessSettings,
      };
    } catch (error) {
      failed = true;
      if (error instanceof Stopped) throw error;
      throw new UsageError(
        `app ${id}: ${describeReadError(error, settings.baseUrl, Boolean(settings.pfxFilePath))}`,
      );
    }
  };
  const results = await Promise.allSettled(ids.map((id, index) => readOne(id, index)));
  const failure = results.find(
    (result): result is PromiseRejectedResult =>
      result.status === "rejected" && !(result.reason instanceof Stopped),
  );
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/** A request not sent because another app already failed. */
class Stopped extends Error {}

function countFields(fields: Record<string, FormField>): number {
  return Object.values(fields).reduce(
    (count, field) => count + 1 + Object.keys(field.fields ?? {}).length,
    0,
  );
}

/** Runs at most `max` of the tasks given to it at once, in the order given. */
function limiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
