/** The code and message of a kintone error body (`{code, id, message, errors?}`), if it is one. */
export function kintoneErrorOf(
  body: string,
): { code: string; message?: string; errors?: unknown } | undefined {
  if (!body.trimStart().startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof parsed.code !== "string" || parsed.code === "") return undefined;
    // `errors`: kintone's per-field detail of a validation error (CB_VA01).
    return {
      code: parsed.code,
      ...(typeof parsed.message === "string" ? { message: parsed.message } : {}),
      ...(parsed.errors !== undefined ? { errors: parsed.errors } : {}),
    };
  } catch {
    return undefined;
  }
}
