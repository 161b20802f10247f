/**
 * MD5 of large bodies on a worker thread. MD5 (~700 MiB/s, one byte at a time by design) is most
 * of a PUT's CPU; run beside the receiving thread it overlaps with receiving and CRC-64 instead
 * of adding to them (docs/BENCHMARKS.md, oss). Each lane is one worker and an 8 MiB ring of
 * shared memory: the request's thread copies chunks in and bumps a counter, the worker hashes what
 * is there; no message per chunk, and a full ring holds the request back (backpressure).
 *
 * Counters are byte positions modulo 2^32 (the ring size divides 2^32), so bodies of any size fit.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Bodies announced at least this large hash on a lane; smaller ones inline. */
const OFFLOAD_FROM = 1024 * 1024;
const RING_BYTES = 8 * 1024 * 1024;
/** Wake a waiting worker per this many bytes copied (or when the ring is full, or at the end). */
const WAKE_EVERY = 1024 * 1024;

// Control slots (Int32) shared by a lane's two threads.
const WRITTEN = 0; // bytes copied in (mod 2^32), set by the request's thread
const READ = 1; // bytes hashed (mod 2^32), set by the worker
const STATE = 2;
const DIGEST = 4; // 4 slots: the 16-byte digest, written by the worker before DONE
const CONTROL_SLOTS = 8;

// STATE values. The request's thread moves IDLE → RUNNING → ENDED and reads the digest at DONE;
// ABORTED (from RUNNING or ENDED) makes the worker drop the body and go back to IDLE.
const IDLE = 0;
const RUNNING = 1;
const ENDED = 2;
const DONE = 3;
const ABORTED = 4;

/** The worker, as CommonJS source: it must run without the TypeScript loader. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = new Uint8Array(workerData.ring);
const ctl = new Int32Array(workerData.control);
const PIECE = 1024 * 1024;
for (;;) {
  const state = Atomics.load(ctl, ${STATE});
  if (state === ${ABORTED}) {
    Atomics.store(ctl, ${STATE}, ${IDLE});
    Atomics.notify(ctl, ${STATE});
  }
  // ENDED here is a body that ended before this thread first looked (e.g. while it started).
  if (state !== ${RUNNING} && state !== ${ENDED}) {
    Atomics.wait(ctl, ${STATE}, state, 1000);
    continue;
  }
  const hash = createHash('md5');
  let read = 0;
  for (;;) {
    const state = Atomics.load(ctl, ${STATE});
    if (state !== ${RUNNING} && state !== ${ENDED}) break; // aborted: the outer loop acknowledges
    const written = Atomics.load(ctl, ${WRITTEN}) >>> 0;
    const available = (written - read) >>> 0;
    if (available === 0) {
      if (state === ${ENDED}) {
        const digest = hash.digest();
        for (let i = 0; i < 4; i++) Atomics.store(ctl, ${DIGEST} + i, digest.readInt32LE(4 * i));
        Atomics.store(ctl, ${STATE}, ${DONE});
        Atomics.notify(ctl, ${STATE});
        break;
      }
      Atomics.wait(ctl, ${WRITTEN}, written | 0, 1000);
      continue;
    }
    const at = read % ring.length;
    const n = Math.min(available, ring.length - at, PIECE);
    hash.update(ring.subarray(at, at + n));
    read = (read + n) >>> 0;
    Atomics.store(ctl, ${READ}, read | 0);
    Atomics.notify(ctl, ${READ});
  }
}
`;

// Atomics.waitAsync is in Node 20 but not in the project's lib typings.
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeout: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** Resolves once `control[index]` is no longer `value` (or `stop()` holds: checked every second). */
async function changed(control: Int32Array, index: number, value: number, stop = () => false): Promise<void> {
  while (Atomics.load(control, index) === value && !stop()) {
    const wait = waitAsync(control, index, value, 1000);
    if (!wait.async) continue;
    // A pending waitAsync does not keep Node's event loop alive; a timer does.
    const alive = setTimeout(() => undefined, 1000);
    await wait.value;
    clearTimeout(alive);
  }
}

class Lane {
  alive = true;
  readonly ring = Buffer.from(new SharedArrayBuffer(RING_BYTES));
  readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [], // plain CommonJS: no need to load the TypeScript loader the server may run under
      workerData: { ring: this.ring.buffer, control: this.control.buffer },
    });
    // Never keeps the process alive; an idle worker only wakes once a second to recheck.
    this.worker.unref();
    this.worker.on('error', () => {
      this.alive = false;
      for (const list of [lanes, free]) if (list.includes(this)) list.splice(list.indexOf(this), 1);
    });
  }
}

const lanes: Lane[] = [];
const free: Lane[] = [];
/** One lane per core beyond the first, at most two: with a single core, a worker only adds work. */
export const MAX_LANES = Math.min(2, availableParallelism() - 1);

/** An MD5 being computed as a body arrives: `update` per chunk, then `digest` (or `abort`). */
export interface RunningMd5 {
  /** A promise only when the bytes could not all be taken at once (wait before the next chunk). */
  update(data: Uint8Array): Promise<void> | undefined;
  digest(): Promise<Buffer>;
  abort(): void;
}

/** MD5 for a body of `expectedSize` bytes: on a free lane when large, else inline. */
export function startMd5(expectedSize: number): RunningMd5 {
  if (expectedSize >= OFFLOAD_FROM) {
    let lane = free.pop();
    if (!lane && lanes.length < MAX_LANES) {
      lane = new Lane();
      lanes.push(lane);
    }
    if (lane) return new OffloadedMd5(lane);
  }
  const hash = createHash('md5');
  return {
    update: (data) => void hash.update(data),
    digest: async () => hash.digest(),
    abort: () => undefined,
  };
}

/** A running MD5 on a lane; `undefined` when every lane is busy (hash inline then). */
export function offloadedMd5(): OffloadedMd5 | undefined {
  const md5 = startMd5(OFFLOAD_FROM);
  return md5 instanceof OffloadedMd5 ? md5 : undefined;
}

export class OffloadedMd5 implements RunningMd5 {
  private written = 0;
  /** `written` when the worker was last woken: it is woken per WAKE_EVERY bytes, not per chunk. */
  private woken = 0;
  private finished = false;

  constructor(private readonly lane: Lane) {
    const ctl = lane.control;
    Atomics.store(ctl, WRITTEN, 0);
    Atomics.store(ctl, READ, 0);
    Atomics.store(ctl, STATE, RUNNING);
    Atomics.notify(ctl, STATE);
  }

  /** Copies `data` into the ring; a promise only when the ring was full (resolves once all is in). */
  update(data: Uint8Array): Promise<void> | undefined {
    const rest = this.copy(data);
    return rest === data.length ? undefined : this.copyRest(data, rest);
  }

  /** The digest once the worker has hashed every byte; frees the lane. */
  async digest(): Promise<Buffer> {
    const ctl = this.lane.control;
    Atomics.store(ctl, STATE, ENDED);
    Atomics.notify(ctl, WRITTEN);
    await changed(ctl, STATE, ENDED, this.stopped);
    if (this.finished || Atomics.load(ctl, STATE) !== DONE) throw new Error('MD5 aborted');
    const digest = Buffer.alloc(16);
    for (let i = 0; i < 4; i++) digest.writeInt32LE(Atomics.load(ctl, DIGEST + i), 4 * i);
    Atomics.store(ctl, STATE, IDLE);
    this.finished = true;
    free.push(this.lane);
    return digest;
  }

  /** Drops the body (request failed); the lane is free again once the worker has let go of it. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    const ctl = this.lane.control;
    Atomics.store(ctl, STATE, ABORTED);
    Atomics.notify(ctl, WRITTEN);
    Atomics.notify(ctl, STATE);
    const dead = () => !this.lane.alive;
    void changed(ctl, STATE, ABORTED, dead).then(() => dead() || free.push(this.lane));
  }

  /** The body was aborted or the worker died: waits end, and the body fails. */
  private readonly stopped = () => this.finished || !this.lane.alive;

  /** Copies as much of data[from..] as the ring has room for; returns the index reached. */
  private copy(data: Uint8Array, from = 0): number {
    const { ring, control } = this.lane;
    let at = from;
    while (at < data.length) {
      const room = ring.length - ((this.written - (Atomics.load(control, READ) >>> 0)) >>> 0);
      if (room === 0) break;
      const offset = this.written % ring.length;
      const n = Math.min(data.length - at, room, ring.length - offset);
      // fill() with a value exactly as long as the range is one memcpy. ring.set() is not: into
      // shared memory V8 copies byte by byte when source and target alignments differ, as they
      // do for body chunks (3x slower, docs/BENCHMARKS.md, oss).
      ring.fill(data.subarray(at, at + n), offset, offset + n);
      at += n;
      this.written = (this.written + n) >>> 0;
      Atomics.store(control, WRITTEN, this.written | 0);
    }
    const full = at < data.length;
    if (at > from && (full || (this.written - this.woken) >>> 0 >= WAKE_EVERY)) {
      this.woken = this.written;
      Atomics.notify(control, WRITTEN);
    }
    return at;
  }

  private async copyRest(data: Uint8Array, from: number): Promise<void> {
    let at = from;
    while (at < data.length) {
      await changed(this.lane.control, READ, Atomics.load(this.lane.control, READ), this.stopped);
      if (this.stopped()) throw new Error('MD5 aborted');
      at = this.copy(data, at);
    }
  }
}
