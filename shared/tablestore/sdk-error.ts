/**
 * Reads what the Node SDK (5.6.5) puts in its errors (reference §0 finding 3, §1.5): for an HTTP
 * error `err.code` is the status number and `err.message` is the protobuf `Error` body as a
 * string plus " requestId:<id>"; for a socket failure or timeout `err.code` is 'NetworkingError';
 * for 304/400/403/404 with an empty body `err.code` is 'NotModified'/'BadRequest'/'Forbidden'/'NotFound'.
 */
import { decodeMessage } from './proto/index.js';

export interface SdkErrorFacts {
  kind: 'http' | 'network' | 'other';
  httpStatus?: number;
  otsCode?: string;
  otsMessage?: string;
  requestId?: string;
  /** Human text for the error we raise. */
  detail: string;
}

const EMPTY_BODY_STATUS: Record<string, number> = {
  NotModified: 304,
  BadRequest: 400,
  Forbidden: 403,
  NotFound: 404,
};
const REQUEST_ID_SUFFIX = ' requestId:';
const OTS_CODE = /^OTS[A-Za-z]+$/;

/** The OTS code and message from the SDK's stringified `Error` body. */
export function parseErrorBody(text: string): { otsCode?: string; otsMessage?: string } {
  // The body went through Buffer#toString('utf8'); when it held no byte >= 0x80 this is exact.
  try {
    const decoded = decodeMessage('Error', Buffer.from(text, 'utf8'));
    if (OTS_CODE.test(decoded.code)) return { otsCode: decoded.code, otsMessage: decoded.message };
  } catch {
    // fall through to the text scan
  }
  const match = /OTS[A-Za-z]+/.exec(text);
  if (!match) return {};
  // eslint-disable-next-line no-control-regex
  const rest = text.slice(match.index + match[0].length).replace(/^[\u0000-\u001f\ufffd]+/, '');
  return { otsCode: match[0], otsMessage: rest || undefined };
}

function headerRequestId(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown>;
  const id = h['x-ots-requestid'] ?? h['x-ots-request-id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function readSdkError(err: unknown): SdkErrorFacts {
  if (!(err instanceof Error)) return { kind: 'other', detail: String(err) };
  const e = err as Error & { code?: unknown; headers?: unknown };
  const requestId = headerRequestId(e.headers);
  if (typeof e.code === 'number') {
    const message = e.message ?? '';
    const cut = message.lastIndexOf(REQUEST_ID_SUFFIX);
    const body = cut >= 0 ? message.slice(0, cut) : message;
    const { otsCode, otsMessage } = parseErrorBody(body);
    const detail = otsCode ? `${otsCode}: ${otsMessage ?? ''}`.trim() : `HTTP ${e.code}`;
    return { kind: 'http', httpStatus: e.code, otsCode, otsMessage, requestId, detail };
  }
  if (typeof e.code === 'string' && EMPTY_BODY_STATUS[e.code] !== undefined) {
    return {
      kind: 'http',
      httpStatus: EMPTY_BODY_STATUS[e.code],
      requestId,
      detail: `HTTP ${EMPTY_BODY_STATUS[e.code]} (${e.code}, empty body)`,
    };
  }
  if (e.code === 'NetworkingError' || e.code === 'TimeoutError') {
    return { kind: 'network', requestId, detail: e.message || String(e.code) };
  }
  return { kind: 'other', requestId, detail: e.message || String(err) };
}
