/**
 * Values for `${name}` placeholders (DataWorks scheduling parameters such as `${start_time}`):
 * `OTS2OSS_VAR_<name>` environment variables, overridden by `--var name=value` options.
 */
import { CliUsageError } from './errors.js';

export const VAR_ENV_PREFIX = 'OTS2OSS_VAR_';
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Parses `--var` options (`name=value`, the value may contain `=`). */
export function parseVarOptions(options: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const option of options) {
    const eq = option.indexOf('=');
    const name = eq > 0 ? option.slice(0, eq) : '';
    if (!NAME.test(name)) {
      throw new CliUsageError(
        `--var ${option}: expected name=value with a name of letters, digits, _ . -; e.g. --var start_time=1700000000000`,
      );
    }
    out[name] = option.slice(eq + 1);
  }
  return out;
}

/** Placeholder values from the environment (`OTS2OSS_VAR_start_time=…`). */
export function varsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(VAR_ENV_PREFIX) && key.length > VAR_ENV_PREFIX.length && value !== undefined)
      out[key.slice(VAR_ENV_PREFIX.length)] = value;
  }
  return out;
}

/** Environment first, `--var` wins. */
export function collectVariables(
  options: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return { ...varsFromEnv(env), ...parseVarOptions(options) };
}
