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
import { decodeWindow, encodeWindow } from './job-codecs.js';
import { describeWindow, windowKey, type WindowRecord, type WindowRef } from './job-rows.js';
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

export function epochCondition(epoch: number, state?: string, owner?: string): WriteCondition {
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

/** Whether the window is claimed at `epoch`, i.e. that epoch may still write and commit it. */
export function isClaimedAt(record: WindowRecord | undefined, epoch: number): boolean {
  return record?.state === 'claimed' && record.epoch === epoch;
}

/** The error for a window no longer claimed at `epoch`, naming the state it is in now. */
export function windowEpochMismatch(
  ref: WindowRef,
  epoch: number,
  current: WindowRecord | undefined,
): EpochMismatchError {
  return new EpochMismatchError(
    describeWindow(ref),
    epoch,
    current?.epoch,
    `window is ${current?.state ?? 'missing'}`,
  );
}

/** Throws EpochMismatchError unless the window is claimed at `epoch`; returns the record. */
export async function assertEpoch(store: StatusStore, ref: WindowRef, epoch: number): Promise<WindowRecord> {
  const current = await readWindow(store, ref);
  if (!current || !isClaimedAt(current, epoch)) throw windowEpochMismatch(ref, epoch, current);
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
