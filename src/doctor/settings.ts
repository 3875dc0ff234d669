import {
  AUTH_METHODS,
  EnvKey,
  type AuthMethod,
  type ConnectionSettings,
} from "../environment/variables.js";
import { readEnvironment, siblingEnvironment, variableValue } from "../runner/inputs.js";
import { DEFAULT_COLLECTION } from "../runner/options.js";
import type { DoctorOptions } from "./options.js";

export interface DoctorSettings {
  connection: ConnectionSettings;
  authMethod: AuthMethod;
  /** The environment file read, if any. */
  environmentPath?: string;
}

/**
 * The connection `run` would use: the environment file's variables, overridden by flags and
 * KINTONE_* variables. Credentials given as flags replace those of the file as a whole, the way
 * `run` sets the sign-in method from them.
 */
export async function doctorSettings(options: DoctorOptions): Promise<DoctorSettings> {
  const flags = options.connection ?? {};
  const environmentPath = options.environment ?? siblingEnvironment(DEFAULT_COLLECTION);
  const values = environmentPath ? (await readEnvironment(environmentPath)).values : undefined;
  const file = (key: string) => variableValue(values, key);
  const flagCredentials = Boolean(
    flags.username || flags.password || flags.apiTokens?.length || flags.oauthToken,
  );
  const fileMethod = file(EnvKey.authMethod) as AuthMethod | undefined;

  const connection: ConnectionSettings = {
    baseUrl: flags.baseUrl || file(EnvKey.baseUrl),
    basicAuthUsername: flags.basicAuthUsername || file(EnvKey.basicAuthUsername),
    basicAuthPassword: flags.basicAuthPassword || file(EnvKey.basicAuthPassword),
    guestSpaceId: flags.guestSpaceId || file(EnvKey.guestSpaceId),
    appId: flags.appId || file(EnvKey.appId),
    ...(flagCredentials
      ? {
          username: flags.username,
          password: flags.password,
          apiTokens: flags.apiTokens,
          oauthToken: flags.oauthToken,
        }
      : {
          username: file(EnvKey.username),
          password: file(EnvKey.password),
          apiTokens: file(EnvKey.apiToken)?.split(","),
          oauthToken: file(EnvKey.oauthToken),
        }),
  };
  const authMethod =
    !flagCredentials && fileMethod !== undefined && AUTH_METHODS.includes(fileMethod)
      ? fileMethod
      : "auto";
  return environmentPath === undefined
    ? { connection, authMethod }
    : { connection, authMethod, environmentPath };
}
