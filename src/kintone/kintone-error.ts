/** The code and message of a kintone error body (`{code, id, message, errors?}`), if it is one. */
export function kintoneErrorOf(body: string): { code: string; message?: string } | undefined {
  if (!body.trimStart().startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.code !== "string" || parsed.code === "") return undefined;
    return typeof parsed.message === "string"
      ? { code: parsed.code, message: parsed.message }
      : { code: parsed.code };
  } catch {
    return undefined;
  }
}
