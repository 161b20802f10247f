/**
 * Calls the backfill endpoint the way the CLI and the integration tests do: signs the request
 * (HMAC) or presents the token (bearer), sends it with `fetch`, returns status and parsed body.
 */
import { bearerHeaders, signRequest } from './signer.js';

export type ClientAuth = { keyId: string; secret: string } | { token: string } | 'anonymous';

export interface EndpointCall {
  /** The HTTP trigger's base URL (`https://…fcapp.run`, or the local `…/http/<function>`). */
  triggerUrl: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query below the trigger URL, e.g. `/backfills/bf-1`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  auth: ClientAuth;
  now?: () => number;
}

export interface EndpointAnswer {
  status: number;
  headers: Headers;
  /** Parsed when the answer is JSON, else the text. */
  body: unknown;
}

export async function callEndpoint(call: EndpointCall): Promise<EndpointAnswer> {
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (call.auth !== 'anonymous') {
    Object.assign(
      headers,
      'token' in call.auth
        ? bearerHeaders(call.auth.token)
        : signRequest({
            ...call.auth,
            method: call.method,
            path: call.path,
            body,
            now: (call.now ?? Date.now)(),
          }),
    );
  }
  const response = await fetch(`${call.triggerUrl.replace(/\/+$/, '')}${call.path}`, {
    method: call.method,
    headers,
    body,
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    headers: response.headers,
    body: json && text ? (JSON.parse(text) as unknown) : text,
  };
}
