/**
 * A request's JSON body as Postman's raw text. A `{"$json": "name"}` value becomes `{{name}}`
 * without quotes, so a variable holding JSON (what an earlier request read) is sent as that JSON:
 * Postman substitutes variables in raw text before sending.
 */
export function rawJsonBody(body: unknown): string {
  // Control characters never occur in catalog text, so the marker cannot collide with real data.
  const marker = "\u0001json:";
  const text = JSON.stringify(
    body,
    (_key, value: unknown) => (isJsonVariable(value) ? `${marker}${value.$json}` : value),
    2,
  );
  return text.replace(/"\\u0001json:([A-Za-z0-9_]+)"/g, "{{$1}}");
}

function isJsonVariable(value: unknown): value is { $json: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { $json?: unknown }).$json === "string"
  );
}
