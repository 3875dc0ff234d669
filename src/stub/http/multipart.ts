/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** The boundary of a multipart/form-data content type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Splits a multipart/form-data body (RFC 7578). Headers are read as UTF-8, which is how browsers
 * and form-data send non-ASCII file names; `filename*=UTF-8''…` (RFC 5987) is honoured too.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Each part sits between "\r\n" after the delimiter and "\r\n" before the next one.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const parsed = parsePart(
        part.subarray(0, headerEnd).toString("utf8"),
        part.subarray(headerEnd + 4),
      );
      if (parsed) parts.push(parsed);
    }
    start = next;
  }
  return parts;
}

function parsePart(headerBlock: string, data: Buffer): FormPart | undefined {
  const headers = new Map<string, string>();
  for (const line of headerBlock.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition") ?? "";
  const name = dispositionParam(disposition, "name");
  if (name === undefined) return undefined;
  const part: FormPart = { name, data: Buffer.from(data) };
  const extended = /;\s*filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  const filename = extended
    ? decodeURIComponent(extended)
    : dispositionParam(disposition, "filename");
  if (filename !== undefined) part.filename = filename;
  const contentType = headers.get("content-type");
  if (contentType !== undefined) part.contentType = contentType;
  return part;
}

function dispositionParam(disposition: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(disposition);
  if (match) return match[1]!.replace(/\\(.)/g, "$1");
  return new RegExp(`;\\s*${key}=([^;\\s]+)`, "i").exec(disposition)?.[1];
}
