/**
 * Typed calls to the local Tablestore's `/_admin/` test hooks (see admin.ts), for tests and the
 * local stack. `endpoint` is the server's `info.endpoint`.
 *
 * @example
 * const admin = tablestoreAdmin(info.endpoint);
 * const { children } = await admin.split('orders', 'shard-000001');
 * await admin.injectFault({ api: 'GetStreamRecord', code: 'OTSServerBusy', count: 2 });
 */
import { SyncError } from '../../shared/errors.js';
import type { FaultHit, FaultRule, FaultSpec } from './faults.js';

export interface ShardInfo {
  shardId: string;
  open: boolean;
  parentId?: string;
  parentSiblingId?: string;
  hashLo: number;
  hashHi: number;
  /** Absolute index of the oldest retained record. */
  firstIndex: number;
  /** Records retained. */
  records: number;
}

export type { FaultHit, FaultRule, FaultSpec };

/** An admin call the server refused; `code` is the server's (OTS-style) code. */
export class AdminCallError extends SyncError {
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(code, message);
    this.name = 'AdminCallError';
    this.status = status;
  }
}

export interface TablestoreAdmin {
  split(table: string, shardId: string, at?: number): Promise<{ parent: string; children: [string, string] }>;
  merge(table: string, shardId: string, siblingId: string): Promise<{ child: string }>;
  shards(table: string): Promise<{ streamId: string; shards: ShardInfo[] }>;
  reshard(table: string, count: number): Promise<{ streamId: string; shards: ShardInfo[] }>;
  clock(): Promise<{ nowMs: number; offsetMs: number }>;
  setClock(nowMs: number): Promise<{ nowMs: number; offsetMs: number; trimmed: number }>;
  advanceClock(ms: number): Promise<{ nowMs: number; offsetMs: number; trimmed: number }>;
  trim(): Promise<{ trimmed: number }>;
  injectFault(spec: FaultSpec): Promise<{ id: number }>;
  faults(): Promise<{ pending: FaultRule[]; hits: FaultHit[] }>;
  clearFaults(): Promise<void>;
}

export function tablestoreAdmin(endpoint: string): TablestoreAdmin {
  const base = `${endpoint.replace(/\/+$/, '')}/_admin/`;
  async function call<T>(method: string, name: string, body?: unknown): Promise<T> {
    const res = await fetch(base + name, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const out = (await res.json()) as T & { code?: string; message?: string };
    if (!res.ok)
      throw new AdminCallError(
        out.code ?? 'ADMIN_FAILED',
        out.message ?? `admin ${name} failed with ${res.status}`,
        res.status,
      );
    return out;
  }
  return {
    split: (table, shardId, at) => call('POST', 'split', { table, shardId, at }),
    merge: (table, shardId, siblingId) => call('POST', 'merge', { table, shardId, siblingId }),
    shards: (table) => call('POST', 'shards', { table }),
    reshard: (table, count) => call('POST', 'reshard', { table, count }),
    clock: () => call('GET', 'clock'),
    setClock: (nowMs) => call('POST', 'clock', { setMs: nowMs }),
    advanceClock: (ms) => call('POST', 'clock', { advanceMs: ms }),
    trim: () => call('POST', 'trim', {}),
    injectFault: (spec) => call('POST', 'faults', spec),
    faults: () => call('GET', 'faults'),
    clearFaults: async () => {
      await call('DELETE', 'faults');
    },
  };
}
