/**
 * Secret redaction for anything that may reach a log line. Pure: a copy comes back, the input is
 * never changed. Keys are matched by pattern at any depth (pino's own `redact` takes fixed paths,
 * which cannot express "any field ending in Secret"), and secret-looking substrings of strings
 * (a bearer token, a `signature=` parameter) are masked too, so a message that quotes a header
 * leaks nothing.
 */

export const REDACTED = '[REDACTED]';

export interface RedactOptions {
  /** A key matching any of these has its whole value replaced... */
  keyPatterns: readonly RegExp[];
  /** ...unless it is one of these names (identifiers, not credentials, that logs need). */
  allowKeys: readonly string[];
  /** Each match inside any string value is replaced by its group 1 followed by REDACTED. */
  valuePatterns: readonly RegExp[];
  /** Deeper values become `[Truncated]` (bounded work for any input). */
  maxDepth: number;
}

export const redactDefaults: RedactOptions = Object.freeze({
  keyPatterns: Object.freeze([
    /secret$/i, // accessKeySecret, clientSecret, hmacSecret
    /key$/i, // accessKey, apiKey, privateKey, signingKey
    /password/i,
    /token$/i, // securityToken, x-fc-security-token, accessToken
    /^(proxy-)?authorization$/i,
    /^(set-)?cookie$/i,
    /^signature$/i,
    /^credentials$/i, // the FC context's STS triple as a whole
  ]),
  allowKeys: Object.freeze(['objectKey', 'primaryKey', 'partitionKey']),
  valuePatterns: Object.freeze([
    /(\bBearer\s+)[^\s,;"']+/gi,
    /(\bsignature=)[^\s,;"']+/gi,
    /(\bFC\s+[\w.]+:)[A-Za-z0-9+/=]+/g, // fc2's `FC <AccessKeyID>:<signature>`
    /(\bSignature=)[^\s,;"'&]+/g,
  ]),
  maxDepth: 12,
});

/** True when a value stored under `key` must never be logged. */
export function isSecretKey(key: string, options: RedactOptions = redactDefaults): boolean {
  return !options.allowKeys.includes(key) && options.keyPatterns.some((pattern) => pattern.test(key));
}

/** Masks secret-looking substrings (bearer tokens, signatures) inside free text. */
export function scrubText(text: string, options: RedactOptions = redactDefaults): string {
  let out = text;
  for (const pattern of options.valuePatterns) out = out.replace(pattern, `$1${REDACTED}`);
  return out;
}

/**
 * Deep copy of `value` with every secret replaced by `[REDACTED]`. Errors become plain objects
 * (`type`, `message`, `code`, `stack`, `cause`, own fields) so that nothing hidden in an error's
 * properties escapes either.
 */
export function redactSecrets(value: unknown, options: RedactOptions = redactDefaults): unknown {
  return walk(value, options, 0, new WeakSet());
}

function walk(value: unknown, options: RedactOptions, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value, options);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= options.maxDepth) return '[Truncated]';
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[binary ${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, options, depth + 1, seen));
    const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(source)) {
      out[key] = isSecretKey(key, options) ? REDACTED : walk(item, options, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: error.message };
  for (const [key, item] of Object.entries(error)) fields[key] = item;
  if (error.stack) fields.stack = error.stack;
  if (error.cause !== undefined) fields.cause = error.cause;
  return fields;
}
