/**
 * Backfill records (one per POSTed range): created once, updated by optimistic read-modify-write
 * on their `Seq` column, listed per job.
 */
import { SyncError } from '../errors.js';
import { ConditionFailedError } from './errors.js';
import { decodeBackfill, encodeBackfill } from './job-codecs.js';
import { BACKFILL_TYPE, backfillKey, jobScope, type BackfillRecord } from './job-rows.js';
import type { StatusStore } from './store.js';

/** A backfill with this id already exists. */
export class BackfillExistsError extends SyncError {
  constructor(id: string) {
    super('BACKFILL_EXISTS', `backfill ${id} already exists`);
    this.name = 'BackfillExistsError';
  }
}

export async function createBackfill(store: StatusStore, job: string, record: BackfillRecord): Promise<void> {
  try {
    await store.put(backfillKey(job, record.id), encodeBackfill(record), { expect: 'notExists' });
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new BackfillExistsError(record.id);
    throw err;
  }
}

export async function readBackfill(
  store: StatusStore,
  job: string,
  id: string,
): Promise<BackfillRecord | undefined> {
  const attrs = await store.get(backfillKey(job, id));
  return attrs && decodeBackfill(attrs);
}

export async function listBackfills(store: StatusStore, job: string): Promise<BackfillRecord[]> {
  const rows = await store.scan(jobScope(job), BACKFILL_TYPE, { prefix: '' });
  return rows.map((r) => decodeBackfill(r.attrs));
}

/**
 * Applies `mutate` to the stored record and writes it back only if nobody else wrote in between
 * (Seq compare-and-set), retrying a few times. Returns the stored result, or undefined if missing.
 */
export async function updateBackfill(
  store: StatusStore,
  job: string,
  id: string,
  mutate: (current: BackfillRecord) => BackfillRecord,
  now: number,
  attempts = 5,
): Promise<BackfillRecord | undefined> {
  for (let i = 0; i < attempts; i++) {
    const current = await readBackfill(store, job, id);
    if (!current) return undefined;
    const next = { ...mutate(current), id, seq: current.seq + 1, updatedAt: now };
    try {
      await store.put(backfillKey(job, id), encodeBackfill(next), {
        expect: 'exists',
        check: { column: 'Seq', op: '==', value: current.seq },
      });
      return next;
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
    }
  }
  throw new SyncError(
    'BACKFILL_CONTENDED',
    `backfill ${id} kept changing under ${attempts} updates; retry later`,
  );
}
