/**
 * The normalised config as printed by `validate`: secrets masked. An access key id keeps its
 * first and last two characters (so a user can tell which key is configured); a secret shows nothing.
 */
import type { Credentials, JobConfig } from '../config/index.js';

export const SECRET_MASK = '********';

export function maskId(id: string): string {
  return id.length <= 6 ? '****' : `${id.slice(0, 2)}****${id.slice(-2)}`;
}

function maskCredentials(c: Credentials | undefined): unknown {
  if (!c) return '(runtime: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or the FC role)';
  return { accessId: maskId(c.accessId), accessKey: SECRET_MASK };
}

/** A plain copy of the config safe to print. */
export function maskedConfig(config: JobConfig): Record<string, unknown> {
  return {
    ...config,
    tablestore: { ...config.tablestore, credentials: maskCredentials(config.tablestore.credentials) },
    oss: { ...config.oss, credentials: maskCredentials(config.oss.credentials) },
  };
}
