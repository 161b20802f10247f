export type * from './types.js';
export { ConfigError } from './errors.js';
export { parseJobConfig, jobConfigFromValue } from './parse.js';
export { parseTriggerPayload, parseEnvConfig, readConfigFile, CONFIG_ENV } from './sources.js';
export { DEFAULT_OBJECT_TEMPLATE, DEFAULT_STATUS_TABLE } from './normalize.js';
