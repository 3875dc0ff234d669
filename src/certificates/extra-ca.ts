import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";

const PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

/**
 * The `--ssl-extra-ca-certs` file, checked before anything connects: Node and Newman silently
 * skip a file without a PEM certificate, and the run would then fail with the very hint that
 * sends the user back to this flag.
 */
export async function readExtraCaCertificates(path: string): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch {
    throw new UsageError(`--ssl-extra-ca-certs: "${path}" not found`);
  }
  if (!content.toString("latin1").includes(PEM_CERTIFICATE)) {
    throw new UsageError(
      `--ssl-extra-ca-certs: "${path}" holds no PEM certificate (a "${PEM_CERTIFICATE}" block)`,
    );
  }
  return content;
}
