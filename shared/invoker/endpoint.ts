/**
 * Where a function reaches FC's invoke API. Inside FC that is the account's internal endpoint
 * (no internet egress needed); the local FC server, or any other, is chosen by an override.
 */
import { SyncError } from '../errors.js';

export interface EndpointInput {
  accountId: string;
  region: string;
  /** A full base URL (`http://127.0.0.1:9000`) that wins over the derived one. */
  override?: string;
  /** Use the public endpoint (outside FC, e.g. the CLI); default is the internal one. */
  public?: boolean;
}

/** The env variables, in order, that may carry an override (the local FC server sets one). */
export const ENDPOINT_ENV_VARS = ['FC_ENDPOINT', 'LOCAL_FC_ENDPOINT'] as const;

const ACCOUNT_ID = /^[0-9]{1,32}$|^[A-Za-z0-9-]{1,64}$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** `https://<accountId>.<region>-internal.fc.aliyuncs.com`, or the override. */
export function fcEndpoint(input: EndpointInput): string {
  if (input.override) {
    let url: URL;
    try {
      url = new URL(input.override);
    } catch (cause) {
      throw new SyncError(
        'INVALID_CONFIG',
        `FC endpoint override "${input.override}" is not a URL like http://127.0.0.1:9000`,
        { cause },
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SyncError('INVALID_CONFIG', `FC endpoint override must be http(s), got ${url.protocol}`);
    }
    return url.origin;
  }
  if (!ACCOUNT_ID.test(input.accountId)) {
    throw new SyncError(
      'INVALID_CONFIG',
      `FC account id "${input.accountId}" is not an account id (digits, e.g. 1234567890123456)`,
    );
  }
  if (!REGION.test(input.region)) {
    throw new SyncError('INVALID_CONFIG', `FC region "${input.region}" is not a region id like cn-hangzhou`);
  }
  const suffix = input.public ? '' : '-internal';
  return `https://${input.accountId}.${input.region}${suffix}.fc.aliyuncs.com`;
}

/** The first non-empty override among `ENDPOINT_ENV_VARS`. */
export function endpointOverrideFromEnv(env: Record<string, string | undefined>): string | undefined {
  for (const name of ENDPOINT_ENV_VARS) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
