/**
 * Admin API on `/-/admin/…`, a path OSS never serves (no bucket name starts with `-`); only
 * requests without OSS credentials reach it. JSON in, JSON out:
 *   POST   /-/admin/faults        add a fault rule (FaultSpec) → 201 FaultState
 *   GET    /-/admin/faults        → { faults: FaultState[] }
 *   DELETE /-/admin/faults        remove all rules → 204
 *   DELETE /-/admin/faults/<id>   remove one rule → 204 (404 if unknown)
 *   GET    /-/admin/health        → { ok: true }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFaultSpec, type FaultRegistry } from './faults.js';

export const ADMIN_PREFIX = '/-/admin/';

function json(res: ServerResponse, status: number, value?: unknown): void {
  const body = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function isAdminRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(ADMIN_PREFIX) && req.headers.authorization === undefined;
}

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultRegistry,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0]!.slice(ADMIN_PREFIX.length);
  if (path === 'health' && req.method === 'GET') return json(res, 200, { ok: true });
  if (path === 'faults' && req.method === 'GET') return json(res, 200, { faults: faults.list() });
  if (path === 'faults' && req.method === 'DELETE') {
    faults.clear();
    return json(res, 204);
  }
  if (path.startsWith('faults/') && req.method === 'DELETE') {
    return json(res, faults.remove(decodeURIComponent(path.slice('faults/'.length))) ? 204 : 404);
  }
  if (path === 'faults' && req.method === 'POST') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return json(res, 400, { error: 'body must be JSON (at most 64 KiB)' });
    }
    const spec = parseFaultSpec(body);
    if (typeof spec === 'string') return json(res, 400, { error: spec });
    return json(res, 201, faults.add(spec));
  }
  json(res, 404, { error: `no admin endpoint ${req.method} /-/admin/${path}` });
}
