/**
 * CRC-64 of a stream, computed inline for the first MiB and on a shared worker thread after
 * that (the two parts joined with crc64Combine), so on a 2-core machine MD5 and CRC-64 of an
 * upload run side by side. Bytes travel in 1 MiB blocks that the worker hands back for reuse:
 * no garbage per chunk, and at most WINDOW bytes per stream wait in the worker (`push` returns
 * false; the caller holds its stream until `whenDrained()`).
 */
import { Worker } from 'node:worker_threads';
import { Crc64, crc64Combine, crc64FromState, crc64Tables, jsUpdater, pickUpdater } from './crc64.js';
import { CRC64_WASM_BYTES, wasmUpdater } from './crc64Wasm.js';

const INLINE_LIMIT = 1024 * 1024;
const BLOCK = 1024 * 1024;
const WINDOW = 4 * BLOCK;
const POOL_MAX = 16;

/**
 * The worker runs the very loops of crc64.ts and crc64Wasm.ts (their source text; `__name`
 * covers the helper a transpiler may insert). In: { id, data, length } | { id, end }; out: { id, ack, data } | { id, crc }.
 */
const WORKER_SOURCE = `
const __name = (f) => f;
const { parentPort } = require('node:worker_threads');
const tables = (${crc64Tables.toString()})();
const wasm = (${wasmUpdater.toString()})(new Uint8Array([${CRC64_WASM_BYTES.join(',')}]), tables);
const update = (${pickUpdater.toString()})((${jsUpdater.toString()})(tables), wasm);
const states = new Map();
parentPort.on('message', (msg) => {
  let state = states.get(msg.id);
  if (!state) states.set(msg.id, (state = Uint32Array.of(0xffffffff, 0xffffffff)));
  if (msg.data) {
    update(state, msg.data.subarray(0, msg.length));
    parentPort.postMessage({ id: msg.id, ack: msg.length, data: msg.data }, [msg.data.buffer]);
  }
  if (msg.end) {
    states.delete(msg.id);
    parentPort.postMessage({ id: msg.id, crc: state });
  }
});
`;

interface Pending {
  inFlight: number;
  drained: Array<() => void>;
  done?: (crc: bigint) => void;
  failed?: (err: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const streams = new Map<number, Pending>();
const pool: Uint8Array[] = [];

function shared(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.on('message', (msg: { id: number; ack?: number; data?: Uint8Array; crc?: Uint32Array }) => {
    if (msg.data && pool.length < POOL_MAX) pool.push(msg.data);
    const pending = streams.get(msg.id);
    if (!pending) return;
    if (msg.ack !== undefined) {
      pending.inFlight -= msg.ack;
      if (pending.inFlight <= WINDOW / 2) pending.drained.splice(0).forEach((f) => f());
    }
    if (msg.crc !== undefined) {
      streams.delete(msg.id);
      if (streams.size === 0) w.unref();
      pending.done?.(crc64FromState(msg.crc));
    }
  });
  w.on('error', (err) => {
    for (const pending of streams.values()) pending.failed?.(err);
    streams.clear();
    worker = undefined;
  });
  // After adding listeners (which ref the port): an idle worker must not keep the process alive.
  w.unref();
  worker = w;
  return w;
}

export class StreamCrc64 {
  private readonly inline = new Crc64();
  private inlineBytes = 0;
  private offloadedBytes = 0;
  private id = 0;
  private block: Uint8Array | undefined;
  private used = 0;

  /** Adds bytes; returns false when the caller should wait for `whenDrained()`. */
  push(chunk: Uint8Array): boolean {
    if (this.id === 0 && this.inlineBytes + chunk.length <= INLINE_LIMIT) {
      this.inline.update(chunk);
      this.inlineBytes += chunk.length;
      return true;
    }
    if (this.id === 0) {
      this.id = nextId++;
      // Held while any stream waits on it; unref'd when idle.
      if (streams.size === 0) shared().ref();
      streams.set(this.id, { inFlight: 0, drained: [] });
    }
    let offset = 0;
    while (offset < chunk.length) {
      this.block ??= pool.pop() ?? new Uint8Array(BLOCK);
      const n = Math.min(chunk.length - offset, BLOCK - this.used);
      this.block.set(chunk.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
      if (this.used === BLOCK) this.send();
    }
    this.offloadedBytes += chunk.length;
    return streams.get(this.id)!.inFlight <= WINDOW;
  }

  private send(): void {
    if (!this.block || this.used === 0) return;
    streams.get(this.id)!.inFlight += this.used;
    shared().postMessage({ id: this.id, data: this.block, length: this.used }, [
      this.block.buffer as ArrayBuffer,
    ]);
    this.block = undefined;
    this.used = 0;
  }

  whenDrained(): Promise<void> {
    const pending = streams.get(this.id);
    if (!pending || pending.inFlight <= WINDOW / 2) return Promise.resolve();
    return new Promise((resolve) => pending.drained.push(resolve));
  }

  async digest(): Promise<bigint> {
    const head = this.inline.digest();
    if (this.id === 0) return head;
    this.send();
    const pending = streams.get(this.id)!;
    const tail = await new Promise<bigint>((resolve, reject) => {
      pending.done = resolve;
      pending.failed = reject;
      shared().postMessage({ id: this.id, end: true });
    });
    return crc64Combine(head, tail, this.offloadedBytes);
  }

  /** Frees the worker state of an abandoned stream. */
  abandon(): void {
    if (this.id === 0 || !streams.has(this.id)) return;
    void this.digest().catch(() => undefined);
  }
}
