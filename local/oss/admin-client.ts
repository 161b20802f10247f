/**
 * Typed helpers for tests to drive the local OSS server's admin API (see admin.ts).
 * @example
 *   const fault = await injectFault(info.endpoint, { operation: 'UploadPart', status: 503, code: 'ServiceUnavailable' });
 *   // … run the code under test …
 *   assert.equal(await faultFired(info.endpoint, fault.id), 1);
 */
import { SyncError } from '../../shared/errors.js';
import type { FaultSpec, FaultState } from './faults.js';

export type { FaultSpec, FaultState } from './faults.js';

async function call(endpoint: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(new URL(`/-/admin/${path}`, endpoint), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new SyncError('OSS_ADMIN_FAILED', `oss admin ${method} ${path}: ${res.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Adds a fault rule; the next `count` (default 1) matching requests get it. */
export async function injectFault(endpoint: string, spec: FaultSpec): Promise<FaultState> {
  return (await call(endpoint, 'POST', 'faults', spec)) as FaultState;
}

/** Every rule with how often it fired and how many firings remain. */
export async function listFaults(endpoint: string): Promise<FaultState[]> {
  return ((await call(endpoint, 'GET', 'faults')) as { faults: FaultState[] }).faults;
}

/** How many requests the rule `id` has hit (0 if it never fired or was removed). */
export async function faultFired(endpoint: string, id: string): Promise<number> {
  return (await listFaults(endpoint)).find((f) => f.id === id)?.fired ?? 0;
}

export async function removeFault(endpoint: string, id: string): Promise<void> {
  await call(endpoint, 'DELETE', `faults/${encodeURIComponent(id)}`);
}

export async function clearFaults(endpoint: string): Promise<void> {
  await call(endpoint, 'DELETE', 'faults');
}
