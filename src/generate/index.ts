import { dirname, join, resolve } from "node:path";
import { parseAppIds } from "../apps/app-ids.js";
import { loadCatalog } from "../catalog/load.js";
import type { Catalog } from "../catalog/types.js";
import { sampleFiles } from "../catalog/samples.js";
import { pfxCertificateEntry, matchPatternFor } from "../certificates/cert-list.js";
import { legacyPfxWarning } from "../certificates/pfx-errors.js";
import type { UsablePfx } from "../certificates/pfx.js";
import type { AppFolders } from "../collection/app-folder.js";
import { buildCollection, COLLECTION_ITEM_DEPTH } from "../collection/build-collection.js";
import { outputFiles } from "../files/names.js";
import { buildEnvironment } from "../environment/build-environment.js";
import type { ConnectionSettings } from "../environment/variables.js";
import { JsonText, jsonTextPieces } from "../files/json-text.js";
import { toJsonText, writeFilesAtomically, type FileContent } from "../files/write-atomic.js";
import { normalizeBaseUrl } from "../kintone/base-url.js";
import type { ProxySettings } from "../kintone/proxy.js";
import { checkApiTokens, checkGuestSpaceId, checkName, checkPfxFile } from "./validate-options.js";

export const DEFAULT_BASE_URL = "https://example.cybozu.com";

export interface GenerateOptions extends ConnectionSettings {
  /** Output folder. */
  out: string;
  /** Base of the file names and the collection's name. */
  name: string;
  pfxFilePath?: string;
  pfxFilePassword?: string;
  /** Write passwords, tokens and the passphrase into the files (off by default). */
  includeSecrets?: boolean;
  /** `--app`: apps to read from kintone, each becoming a folder (`12`, `"12,15"`). */
  apps?: readonly (string | number)[];
  /** For reading the apps: extra trusted CAs (PEM file), or no server check at all (tests). */
  sslExtraCaCerts?: string;
  insecure?: boolean;
  /** For reading the apps: HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: ProxySettings;
  /** Most requests to kintone in flight at once while reading apps (default 4). */
  concurrency?: number;
  /** One line per app read (`app 12 案件管理 … 48 fields`); the CLI prints them on stderr. */
  progress?: (line: string) => void;
  /** A warning about what was written (a legacy pfx); the CLI prints it on stderr. */
  warn?: (line: string) => void;
}

const DEFAULT_CONCURRENCY = 4;

export interface GenerateResult {
  collectionPath: string;
  environmentPath: string;
  certificatesPath?: string;
  /** Files the requests send (Upload file's sample), beside the collection. */
  samplePaths: string[];
  /** The certificate-list match pattern, when a pfx was given. */
  certificateMatch?: string;
}

/**
 * Writes the collection, its environment and (with a pfx) a Newman certificate list. Everything is
 * checked before anything is written, and the files land together or not at all.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const appIds = parseAppIds(options.apps);
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  checkName(options.name);
  checkGuestSpaceId(options.guestSpaceId);
  checkApiTokens(options.apiTokens);
  checkPfxFile(options.pfxFilePath);
  const pfx = await openedPfx(options.pfxFilePath, options.pfxFilePassword, appIds.length > 0);
  const includeSecrets = options.includeSecrets ?? false;
  // Read before anything is written: a failing app leaves no file behind.
  const settings = { ...options, baseUrl, appId: appIds[0]?.toString() ?? options.appId };

  const catalog = loadCatalog();
  // Read before anything is written: a failing app leaves no file behind.
  const appFolders =
    appIds.length > 0
      ? await appFoldersFor(appIds, baseUrl, options, catalog, pfx.usable)
      : undefined;
  const pfxPath = options.pfxFilePath ? resolve(options.pfxFilePath) : undefined;
  const certificateMatch = pfxPath !== undefined ? matchPatternFor(baseUrl) : undefined;
  const paths = outputFiles(resolve(options.out, options.name));
  const samples = sampleFiles(catalog).map((sample) => ({
    path: join(resolve(options.out), sample.name),
    content: sample.content,
  }));
  const result: GenerateResult = {
    collectionPath: paths.collection,
    environmentPath: paths.environment,
    samplePaths: samples.map((sample) => sample.path),
    certificateMatch,
  };

  const files: { path: string; content: FileContent; mode?: number }[] = [
    {
      path: result.collectionPath,
      // In pieces: with many apps the file is large, and never needs to be one string.
      content: jsonTextPieces(
        buildCollection(catalog, { name: options.name, baseUrl, certificateMatch, appFolders }),
      ),
    },
    {
      path: result.environmentPath,
      content: toJsonText(
        buildEnvironment(catalog, {
          name: options.name,
          settings,
          includeSecrets,
          extraVariables: appFolders?.userVariables,
        }),
      ),
      // A file that holds secrets is for its owner only.
      mode: includeSecrets ? 0o600 : 0o644,
    },
  ];
  if (pfxPath !== undefined) {
    result.certificatesPath = paths.certificates;
    const entry = pfxCertificateEntry({
      baseUrl,
      pfxPath,
      passphrase: includeSecrets ? options.pfxFilePassword : undefined,
    });
    files.push({
      path: result.certificatesPath,
      content: toJsonText([entry]),
      mode: includeSecrets ? 0o600 : 0o644,
    });
  }
  // Relative to the collection's folder, where `run` points Newman's working directory.
  files.push(...samples);
  await writeFilesAtomically(files);
  if (pfx.legacyEncryption !== undefined) {
    options.warn?.(legacyPfxWarning(options.pfxFilePath!, pfx.legacyEncryption));
  }
  return result;
}

/**
 * With its passphrase, the pfx is opened before anything is written: a wrong passphrase or a
 * damaged file stops here. Returns the legacy encryption of a file plain Newman cannot open and,
 * for `--app`, the pfx ready for TLS. Without a passphrase there is nothing to open it with, and
 * the certificate modules stay unloaded (unless `--app` reads the apps through the pfx).
 */
async function openedPfx(
  path: string | undefined,
  passphrase: string | undefined,
  forApps: boolean,
): Promise<{ legacyEncryption?: string[]; usable?: UsablePfx }> {
  if (path === undefined || path === "" || passphrase === undefined || passphrase === "") {
    return {};
  }
  const { checkPfx, openPfx } = await import("../certificates/pfx.js");
  if (!forApps) return checkPfx(path, passphrase);
  // `--app` reads the apps through the pfx: opened once here, ready for TLS, as decoding a
  // legacy file is the slow part.
  const usable = await openPfx(path, passphrase);
  return usable.kind === "pem" ? { legacyEncryption: usable.encryption, usable } : { usable };
}

/**
 * The app folders, loaded on demand: without `--app`, generate never loads the kintone client.
 * Each app is planned, built and laid out as JSON text as soon as its form arrives, and only that
 * text is kept: never every app's answers, plans and folders at once.
 */
async function appFoldersFor(
  appIds: number[],
  baseUrl: string,
  options: GenerateOptions,
  catalog: Catalog,
  openedPfx: UsablePfx | undefined,
): Promise<AppFolders<JsonText>> {
  const { readApps } = await import("../apps/read-apps.js");
  const { planApp } = await import("../apps/app-plan.js");
  const { buildAppFolder, userVariables } = await import("../collection/app-folder.js");
  // The app folders upload what the catalog's Upload file uploads (its sample file).
  const upload = catalog.areas
    .flatMap((area) => area.operations)
    .find((operation) => operation.method === "POST" && operation.path === "file.json");
  const apps = await readApps(
    appIds,
    {
      ...options,
      baseUrl,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      ...(openedPfx && { openedPfx }),
    },
    options.progress,
    (form) => {
      const { folder, used } = buildAppFolder(options.name, planApp(form), upload?.formData ?? []);
      return { text: new JsonText(folder, COLLECTION_ITEM_DEPTH), used };
    },
  );
  return {
    folders: apps.map((app) => app.text),
    userVariables: userVariables(apps.map((app) => app.used)),
  };
}

/** What to tell the user once the files are written: where they are and the Postman steps. */
export function nextSteps(result: GenerateResult, cwd = process.cwd()): string[] {
  const shown = (path: string) => (path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path);
  const lines = [`Wrote ${shown(result.collectionPath)}`, `Wrote ${shown(result.environmentPath)}`];
  if (result.certificatesPath !== undefined) {
    lines.push(`Wrote ${shown(result.certificatesPath)} (Newman: --ssl-client-cert-list)`);
  }
  for (const path of result.samplePaths) {
    lines.push(
      `Wrote ${shown(path)} (Upload file sends it; Newman: --working-dir ${shown(dirname(path))})`,
    );
  }
  lines.push("Postman: File → Import both files, pick the environment, fill in its secrets.");
  if (result.certificateMatch !== undefined) {
    const host = new URL(result.certificateMatch.replace(/\*$/, "")).host;
    lines.push(
      `Postman: Settings → Certificates → Add Certificate: host ${host}, PFX file, passphrase.`,
    );
  }
  return lines;
}
