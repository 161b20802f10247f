/** Reads and parses the `--config` file with the placeholder values and clock the command gives. */
import { readConfigFile, type ParsedJobConfig } from '../config/index.js';

export interface LoadOptions {
  readonly variables: Readonly<Record<string, string>>;
  /** Checks a one-off window against `now − lag`. */
  readonly now?: number;
}

export function loadConfig(path: string, options: LoadOptions): Promise<ParsedJobConfig> {
  return readConfigFile(path, {
    variables: options.variables,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}
