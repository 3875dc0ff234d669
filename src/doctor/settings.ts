import { mergeConnection } from "../environment/merge-connection.js";
import type { AuthMethod, ConnectionSettings } from "../environment/variables.js";
import {
  readEnvironment,
  siblingEnvironment,
  variableValue,
} from "../environment/read-environment.js";
import { DEFAULT_COLLECTION } from "../files/names.js";
import type { DoctorOptions } from "./options.js";

export interface DoctorSettings {
  connection: ConnectionSettings;
  authMethod: AuthMethod;
  /** The environment file read, if any. */
  environmentPath?: string;
}

/**
 * The connection `run` would use: the environment file's variables merged with flags and
 * KINTONE_* variables by the same rules (`mergeConnection`).
 */
export async function doctorSettings(options: DoctorOptions): Promise<DoctorSettings> {
  const environmentPath = options.environment ?? siblingEnvironment(DEFAULT_COLLECTION);
  const values = environmentPath ? (await readEnvironment(environmentPath)).values : undefined;
  const { settings, authMethod } = mergeConnection(
    (key) => variableValue(values, key),
    options.connection,
  );
  return environmentPath === undefined
    ? { connection: settings, authMethod }
    : { connection: settings, authMethod, environmentPath };
}
