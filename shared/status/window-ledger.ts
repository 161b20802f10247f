/**
 * Window state on the status table: plan, claim with lease + epoch, renew, commit once, fail with
 * the lost range. Every transition is one conditional write on the window row keyed on its
 * `Epoch` column (compare-and-set), so of two concurrent claims or commits exactly one applies;
 * the loser gets a typed error (LeaseLostError, EpochMismatchError, WindowCommittedError).
 *
 * @example
 *   const w = await claimWindow(store, ref, { owner: requestId, now, leaseMs: 600_000, shards });
 *   // … export shards under w.epoch …
 *   await commitWindow(store, ref, { epoch: w.epoch, now, manifestKey, manifestHash, rows, bytes });
 */
import { SyncError } from '../errors.js';
import { ConditionFailedError, EpochMismatchError, LeaseLostError, WindowCommittedError } from './errors.js';
import { formatJavaTime } from './java-compat.js';
import {
  WINDOW_TYPE,
  decodeWindow,
  describeWindow,
  encodeWindow,
  jobScope,
  windowKey,
  windowRunPrefix,
  type LostRange,
  type WindowRecord,
  type WindowRef,
} from './job-rows.js';
import type { StatusStore, WriteCondition } from './store.js';

/** The window is in state `failed`; re-driving it needs an explicit `retryFailed`. */
export class WindowFailedError extends SyncError {
  readonly record: WindowRecord;
  constructor(window: string, record: WindowRecord) {
    const lost = record.lost ? `; lost ${record.lost.shardId} [${record.lost.from}, ${record.lost.to})` : '';
    super('WINDOW_FAILED', `window ${window} failed: ${record.error?.message ?? 'unknown error'}${lost}`);
    this.name = 'WindowFailedError';
    this.record = record;
  }
}

export async function readWindow(store: StatusStore, ref: WindowRef): Promise<WindowRecord | undefined> {
  const attrs = await store.get(windowKey(ref));
  return attrs && decodeWindow(attrs);
}

function checkBounds(ref: WindowRef, record: WindowRecord): WindowRecord {
  if (record.start !== ref.start) {
    throw new SyncError(
      'WINDOW_MISMATCH',
      `window ${describeWindow(ref)} is recorded as [${record.start}, ${record.end}); the interval changed — use a new job name or run`,
    );
  }
  return record;
}

/** Records a window as planned (idempotent: returns the stored record if it already exists). */
export async function planWindow(store: StatusStore, ref: WindowRef, now: number): Promise<WindowRecord> {
  const record: WindowRecord = {
    run: ref.run,
    start: ref.start,
    end: ref.end,
    state: 'planned',
    epoch: 0,
    updatedAt: now,
  };
  try {
    await store.put(windowKey(ref), encodeWindow(record), { expect: 'notExists' });
    return record;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const existing = await readWindow(store, ref);
    if (!existing) throw err;
    return checkBounds(ref, existing);
  }
}

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  /** Shard ids this epoch will export (finalize waits for their results). */
  shards?: string[];
  /** Allow re-driving a `failed` window (default false: failures stay loud). */
  retryFailed?: boolean;
}

/**
 * Claims the window for `owner`: only if it is planned, failed (with retryFailed), or its lease
 * expired. Bumps the epoch. A second claim by the same owner while its lease holds returns the
 * current record unchanged (duplicate delivery of one dispatch).
 */
export async function claimWindow(
  store: StatusStore,
  ref: WindowRef,
  options: ClaimOptions,
): Promise<WindowRecord> {
  const key = windowKey(ref);
  const name = describeWindow(ref);
  const current = await readWindow(store, ref);
  const lease = {
    leaseOwner: options.owner,
    leaseExpiresAt: options.now + options.leaseMs,
    updatedAt: options.now,
  };
  if (!current) {
    const record: WindowRecord = {
      run: ref.run,
      start: ref.start,
      end: ref.end,
      state: 'claimed',
      epoch: 1,
      ...lease,
    };
    if (options.shards) record.shards = options.shards;
    try {
      await store.put(key, encodeWindow(record), { expect: 'notExists' });
      return record;
    } catch (err) {
      if (err instanceof ConditionFailedError)
        throw new LeaseLostError(name, { reason: 'another claim created it first' });
      throw err;
    }
  }
  checkBounds(ref, current);
  if (current.state === 'committed') throw new WindowCommittedError(name);
  if (current.state === 'failed' && !options.retryFailed) throw new WindowFailedError(name, current);
  if (current.state === 'claimed' && (current.leaseExpiresAt ?? 0) > options.now) {
    if (current.leaseOwner === options.owner) return current;
    throw new LeaseLostError(name, {
      heldBy: current.leaseOwner,
      expiresAt: current.leaseExpiresAt,
      reason: `held by ${current.leaseOwner} until ${current.leaseExpiresAt}`,
    });
  }
  const next: WindowRecord = {
    run: current.run,
    start: current.start,
    end: current.end,
    state: 'claimed',
    epoch: current.epoch + 1,
    ...lease,
  };
  const shards = options.shards ?? current.shards;
  if (shards) next.shards = shards;
  // The append position is per window, not per epoch: every retry must append at the same place.
  if (current.appendPosition !== undefined) next.appendPosition = current.appendPosition;
  if (current.appendCrc64 !== undefined) next.appendCrc64 = current.appendCrc64;
  try {
    await store.put(key, encodeWindow(next), epochCondition(current.epoch));
  } catch (err) {
    if (err instanceof ConditionFailedError)
      throw new LeaseLostError(name, { reason: 'another claim won the race' });
    throw err;
  }
  return next;
}

function epochCondition(epoch: number, state?: string, owner?: string): WriteCondition {
  const checks = [{ column: 'Epoch', op: '==' as const, value: epoch }];
  if (state) checks.push({ column: 'State', op: '==' as const, value: state as never });
  if (owner) checks.push({ column: 'LeaseOwner', op: '==' as const, value: owner as never });
  return { expect: 'exists', check: { and: checks } };
}

/** Extends the lease of the current holder; LeaseLostError if the epoch moved or it is no longer claimed. */
export async function renewLease(
  store: StatusStore,
  ref: WindowRef,
  options: { owner: string; epoch: number; now: number; leaseMs: number },
): Promise<number> {
  const expiresAt = options.now + options.leaseMs;
  try {
    await store.update(
      windowKey(ref),
      { set: { LeaseExpiresAt: expiresAt, UpdatedAt: options.now } },
      epochCondition(options.epoch, 'claimed', options.owner),
    );
    return expiresAt;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    throw new LeaseLostError(describeWindow(ref), {
      heldBy: current?.leaseOwner,
      expiresAt: current?.leaseExpiresAt,
      reason: `window is ${current?.state ?? 'missing'} at epoch ${current?.epoch ?? '-'}, not claimed by ${options.owner} at epoch ${options.epoch}`,
    });
  }
}

/** Throws EpochMismatchError unless the window is claimed at `epoch`; returns the record. */
export async function assertEpoch(store: StatusStore, ref: WindowRef, epoch: number): Promise<WindowRecord> {
  const current = await readWindow(store, ref);
  if (!current || current.state !== 'claimed' || current.epoch !== epoch) {
    throw new EpochMismatchError(
      describeWindow(ref),
      epoch,
      current?.epoch,
      `window is ${current?.state ?? 'missing'}`,
    );
  }
  return current;
}

/** Records the shard list of the current epoch. */
export async function setWindowShards(
  store: StatusStore,
  ref: WindowRef,
  options: { epoch: number; shards: string[]; now: number },
): Promise<void> {
  try {
    await store.update(
      windowKey(ref),
      { set: { Shards: JSON.stringify(options.shards), UpdatedAt: options.now } },
      epochCondition(options.epoch, 'claimed'),
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    throw new EpochMismatchError(describeWindow(ref), options.epoch, current?.epoch);
  }
}

export interface CommitInfo {
  epoch: number;
  now: number;
  manifestKey: string;
  manifestHash: string;
  rows: number;
  bytes: number;
}

/**
 * Commits the window once. A repeat by the same epoch with the same manifest (finalize invoked
 * again) returns `alreadyCommitted: true`; anything else that lost the race is EpochMismatchError.
 */
export async function commitWindow(
  store: StatusStore,
  ref: WindowRef,
  info: CommitInfo,
): Promise<{ record: WindowRecord; alreadyCommitted: boolean }> {
  try {
    await store.update(
      windowKey(ref),
      {
        set: {
          State: 'committed',
          ManifestKey: info.manifestKey,
          ManifestHash: info.manifestHash,
          Rows: info.rows,
          Bytes: info.bytes,
          CommittedAt: info.now,
          UpdatedAt: info.now,
        },
      },
      epochCondition(info.epoch, 'claimed'),
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    if (
      current?.state === 'committed' &&
      current.epoch === info.epoch &&
      current.manifestHash === info.manifestHash
    ) {
      return { record: current, alreadyCommitted: true };
    }
    throw new EpochMismatchError(
      describeWindow(ref),
      info.epoch,
      current?.epoch,
      `window is ${current?.state ?? 'missing'}`,
    );
  }
  const record = await readWindow(store, ref);
  if (!record)
    throw new EpochMismatchError(describeWindow(ref), info.epoch, undefined, 'window row vanished');
  return { record, alreadyCommitted: false };
}

/** Marks the window failed under `epoch`, recording the error and the exact lost range if any. */
export async function failWindow(
  store: StatusStore,
  ref: WindowRef,
  options: { epoch: number; now: number; error: { code: string; message: string }; lost?: LostRange },
): Promise<void> {
  const set: Record<string, string | number> = {
    State: 'failed',
    ErrorCode: options.error.code,
    ErrorMessage: options.error.message.slice(0, 4000),
    UpdatedAt: options.now,
  };
  if (options.lost)
    Object.assign(set, {
      LostShard: options.lost.shardId,
      LostFrom: options.lost.from,
      LostTo: options.lost.to,
    });
  try {
    await store.update(windowKey(ref), { set }, epochCondition(options.epoch, 'claimed'));
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    throw new EpochMismatchError(
      describeWindow(ref),
      options.epoch,
      current?.epoch,
      `window is ${current?.state ?? 'missing'}`,
    );
  }
}

/** Windows of a run in end order, optionally `[fromEnd, toEnd)` and newest first. */
export async function listWindows(
  store: StatusStore,
  job: string,
  run: string,
  options: { fromEnd?: number; toEnd?: number; limit?: number; reverse?: boolean } = {},
): Promise<WindowRecord[]> {
  const prefix = windowRunPrefix(run);
  const range =
    options.fromEnd === undefined && options.toEnd === undefined
      ? { prefix }
      : {
          start: prefix + (options.fromEnd === undefined ? '' : formatJavaTime(options.fromEnd)),
          end: options.toEnd === undefined ? prefix + '\u{10FFFF}' : prefix + formatJavaTime(options.toEnd),
        };
  const scanOptions: { limit?: number; reverse?: boolean } = {};
  if (options.limit !== undefined) scanOptions.limit = options.limit;
  if (options.reverse !== undefined) scanOptions.reverse = options.reverse;
  const rows = await store.scan(jobScope(job), WINDOW_TYPE, range, scanOptions);
  return rows.map((r) => decodeWindow(r.attrs));
}

/**
 * Windows a reconciler should re-drive: claimed with an expired lease (a lost shard or finalize
 * invocation), or planned and never claimed. Scans from `fromEnd` (e.g. the watermark) on.
 */
export async function listReclaimable(
  store: StatusStore,
  job: string,
  run: string,
  options: { now: number; fromEnd?: number; limit?: number },
): Promise<WindowRecord[]> {
  const scan: { fromEnd?: number } = {};
  if (options.fromEnd !== undefined) scan.fromEnd = options.fromEnd;
  const windows = await listWindows(store, job, run, scan);
  const due = windows.filter(
    (w) => w.state === 'planned' || (w.state === 'claimed' && (w.leaseExpiresAt ?? 0) <= options.now),
  );
  return options.limit === undefined ? due : due.slice(0, options.limit);
}

/**
 * `append` mode: records, once per window, the target object's length (and CRC-64) before the
 * window's first append. A later call — a retried finalize, or a newer epoch — gets the recorded
 * value back instead of its own, so every retry appends at the same position.
 */
export async function recordAppendPosition(
  store: StatusStore,
  ref: WindowRef,
  options: { epoch: number; position: number; crc64: string; now: number },
): Promise<{ position: number; crc64: string }> {
  try {
    await store.update(
      windowKey(ref),
      { set: { AppendPosition: options.position, AppendCrc64: options.crc64, UpdatedAt: options.now } },
      {
        expect: 'exists',
        check: {
          and: [
            { column: 'Epoch', op: '==', value: options.epoch },
            { column: 'State', op: '==', value: 'claimed' },
            { column: 'AppendPosition', op: '==', value: options.position, passIfMissing: true },
          ],
        },
      },
    );
    return { position: options.position, crc64: options.crc64 };
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    const current = await readWindow(store, ref);
    if (
      current?.state === 'claimed' &&
      current.epoch === options.epoch &&
      current.appendPosition !== undefined
    ) {
      return { position: current.appendPosition, crc64: current.appendCrc64 ?? '' };
    }
    throw new EpochMismatchError(
      describeWindow(ref),
      options.epoch,
      current?.epoch,
      `window is ${current?.state ?? 'missing'}`,
    );
  }
}
