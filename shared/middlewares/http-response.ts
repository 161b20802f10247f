/** Builds the FC HTTP trigger response for a JSON answer, so handlers never hand-roll one. */
import type { FcHttpResponse } from './fc-types.js';

export function jsonResponse(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): FcHttpResponse {
  return {
    statusCode,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(value),
  };
}
