/** Parsing of the request line: query parameters (raw, `+` is never a space) and bucket/key targets. */
import { isIP } from 'node:net';
import { OssError, invalidArgument } from './errors.js';

export interface QueryParam {
  key: string;
  value: string;
  /** `k=` and `k=v` vs a bare `k`: V4 signatures tell them apart. */
  hasValue: boolean;
}

export interface Target {
  /** '' at service level. */
  bucket: string;
  /** '' at bucket level. */
  key: string;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    if (what === 'object name')
      throw new OssError(400, 'InvalidObjectName', 'The specified object is not valid.');
    throw invalidArgument(`The ${what} is not valid URL encoding.`);
  }
}

export function parseQuery(raw: string): QueryParam[] {
  const params: QueryParam[] = [];
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = decode(eq < 0 ? piece : piece.slice(0, eq), 'query string');
    const value = eq < 0 ? '' : decode(piece.slice(eq + 1), 'query string');
    params.push({ key, value, hasValue: eq >= 0 });
  }
  return params;
}

function pathStyle(rawPath: string): Target {
  const rest = rawPath.slice(1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: decode(rest, 'bucket'), key: '' };
  return {
    bucket: decode(rest.slice(0, slash), 'bucket'),
    key: decode(rest.slice(slash + 1), 'object name'),
  };
}

/**
 * The readings of (Host, path) that ali-oss can produce. An IP or `localhost` Host means
 * path-style. Any other Host names the bucket in its first label (`.oss-…` = service level), and
 * when the path also starts with that name (ali-oss with an IP endpoint and `sldEnable`) both
 * readings are returned: only one of them can verify the signature.
 */
export function targetsOf(hostHeader: string | undefined, rawPath: string): Target[] {
  if (!rawPath.startsWith('/')) throw invalidArgument('The request path must start with "/".');
  const host = (hostHeader ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  if (host === '' || isIP(host) !== 0 || host === 'localhost') return [pathStyle(rawPath)];
  const dot = host.indexOf('.');
  const label = dot < 0 ? host : host.slice(0, dot);
  if (label === '') return [pathStyle(rawPath)];
  const virtual: Target = { bucket: label, key: decode(rawPath.slice(1), 'object name') };
  const path = pathStyle(rawPath);
  return path.bucket === label ? [virtual, path] : [virtual];
}
