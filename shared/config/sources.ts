/**
 * Where a job config comes from: a file (`--config`), an environment variable, or a trigger
 * payload. Parsing is pure (`…Text` functions take the text); the readers are thin wrappers.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors.js';
import { jobConfigFromValue, parseJobConfig } from './parse.js';
import type { ParseOptions, ParsedJobConfig } from './types.js';

export const CONFIG_ENV = 'OTS2OSS_CONFIG';

/**
 * A Function Compute trigger event: `{"payload": "<text>"}` (timer triggers carry the configured
 * payload as a string) or a bare object. The payload is either a job config, or
 * `{"config": <job config object or text>, "variables": {...}}`; variables given there are merged
 * over `options.variables`.
 */
export function parseTriggerPayload(eventText: string, options: ParseOptions = {}): ParsedJobConfig {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (cause) {
    throw new ConfigError(
      'trigger event is not JSON; expected e.g. {"payload": "{\\"config\\": {...}}"}',
      undefined,
      { cause },
    );
  }
  const payload = (event as { payload?: unknown } | null)?.payload ?? event;
  if (typeof payload === 'string') return fromPayloadValue(payload, options);
  if (payload && typeof payload === 'object')
    return fromPayloadValue(payload as Record<string, unknown>, options);
  throw new ConfigError('trigger payload must be a job config or {"config": ..., "variables": {...}}');
}

function fromPayloadValue(payload: string | Record<string, unknown>, options: ParseOptions): ParsedJobConfig {
  if (typeof payload === 'string') {
    const trimmed = payload.trim();
    // A wrapper object is plain JSON; a pasted script (comments) goes straight to the parser.
    try {
      const v: unknown = JSON.parse(trimmed);
      if (v && typeof v === 'object' && 'config' in v)
        return fromPayloadValue(v as Record<string, unknown>, options);
    } catch {
      /* not plain JSON: a script with comments */
    }
    return parseJobConfig(trimmed, options);
  }
  if (!('config' in payload)) return jobConfigFromValue(payload, options);
  const vars = payload.variables;
  if (
    vars !== undefined &&
    (typeof vars !== 'object' ||
      vars === null ||
      Object.values(vars).some((v) => typeof v !== 'string' && typeof v !== 'number'))
  ) {
    throw new ConfigError(
      'payload.variables: must map names to strings or numbers; e.g. {"start_time": "1700000000000"}',
    );
  }
  const merged: ParseOptions = {
    ...options,
    variables: {
      ...options.variables,
      ...Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, String(v)])),
    },
  };
  const config = payload.config;
  if (typeof config === 'string') return parseJobConfig(config, merged);
  if (config && typeof config === 'object') return parseJobConfig(JSON.stringify(config), merged);
  throw new ConfigError(
    'payload.config: must be a job config object or text; e.g. {"config": {"reader": {...}, "writer": {...}}}',
  );
}

/** Parses the config held in an environment variable (text form, as a file would hold it). */
export function parseEnvConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: ParseOptions = {},
  name = CONFIG_ENV,
): ParsedJobConfig {
  const text = env[name];
  if (text === undefined || text.trim() === '') {
    throw new ConfigError(
      `${name}: environment variable is not set; set it to the job config text, e.g. ${name}='{"reader": {...}, "writer": {...}}'`,
    );
  }
  return parseJobConfig(text, options);
}

/** Reads and parses a config file. */
export async function readConfigFile(path: string, options: ParseOptions = {}): Promise<ParsedJobConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`--config ${path}: cannot read the file (${(cause as Error).message})`, undefined, {
      cause,
    });
  }
  return parseJobConfig(text, options);
}
