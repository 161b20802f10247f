/**
 * The keys an invocation is signed with: the function role's STS triple from the FC context,
 * else the `ALIBABA_CLOUD_*` variables FC (and the local FC server) also set.
 */
import { SyncError } from '../errors.js';

export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Present for STS keys (role credentials); absent for plain access keys. */
  securityToken?: string;
}

interface ContextWithCredentials {
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
}

export function credentialsFrom(context: unknown, env: Record<string, string | undefined>): FcCredentials {
  const fromContext = (context as ContextWithCredentials | undefined)?.credentials;
  // One source as a whole: never a key id from one place and a secret from another.
  const source = fromContext?.accessKeyId
    ? fromContext
    : {
        accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN,
      };
  const { accessKeyId, accessKeySecret } = source;
  const securityToken = source.securityToken || undefined;
  if (!accessKeyId || !accessKeySecret) {
    throw new SyncError(
      'MISSING_CREDENTIALS',
      'no credentials to invoke functions with: give the function a role (s.yaml `role`) so FC puts STS keys in context.credentials',
    );
  }
  if (accessKeyId.startsWith('STS') && !securityToken) {
    throw new SyncError(
      'MISSING_CREDENTIALS',
      `access key ${accessKeyId.slice(0, 8)}… is an STS key but no security token came with it`,
    );
  }
  return securityToken ? { accessKeyId, accessKeySecret, securityToken } : { accessKeyId, accessKeySecret };
}
