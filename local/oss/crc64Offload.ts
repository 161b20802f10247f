/**
 * CRC-64 of a stream, computed inline for the first MiB and in a shared worker thread after that
 * (the two parts joined with crc64Combine). At most WINDOW bytes wait in the worker per stream:
 * `push` tells the caller to hold the stream until `whenDrained` resolves, so memory stays bounded.
 */
import { Worker } from 'node:worker_threads';
import { Crc64, crc64Combine, crc64FromState, crc64Kernel } from './crc64.js';

const INLINE_LIMIT = 1024 * 1024;
const WINDOW = 8 * 1024 * 1024;

interface Pending {
  inFlight: number;
  drained: Array<() => void>;
  done?: (crc: bigint) => void;
  failed?: (err: Error) => void;
}

/**
 * The worker runs the very kernel of crc64.ts (its source text; `__name` covers the helper a
 * transpiler may insert). Messages in: { id, data } | { id, end }; out: { id, ack } | { id, crc }.
 */
const WORKER_SOURCE = `
const __name = (f) => f;
const { parentPort } = require('node:worker_threads');
const update = (${crc64Kernel.toString()})();
const states = new Map();
parentPort.on('message', (msg) => {
  let state = states.get(msg.id);
  if (!state) states.set(msg.id, (state = Uint32Array.of(0xffffffff, 0xffffffff)));
  if (msg.data) {
    update(state, msg.data);
    parentPort.postMessage({ id: msg.id, ack: msg.data.byteLength });
  }
  if (msg.end) {
    states.delete(msg.id);
    parentPort.postMessage({ id: msg.id, crc: state });
  }
});
`;

let worker: Worker | undefined;
let nextId = 1;
const streams = new Map<number, Pending>();

function shared(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.on('message', (msg: { id: number; ack?: number; crc?: Uint32Array }) => {
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
    const pending = streams.get(this.id)!;
    // A real copy (Buffer#slice would be a view): the copy's memory is transferred to the worker.
    const copy = new Uint8Array(chunk);
    pending.inFlight += copy.byteLength;
    this.offloadedBytes += copy.byteLength;
    shared().postMessage({ id: this.id, data: copy }, [copy.buffer]);
    return pending.inFlight <= WINDOW;
  }

  whenDrained(): Promise<void> {
    const pending = streams.get(this.id);
    if (!pending || pending.inFlight <= WINDOW / 2) return Promise.resolve();
    return new Promise((resolve) => pending.drained.push(resolve));
  }

  async digest(): Promise<bigint> {
    const head = this.inline.digest();
    if (this.id === 0) return head;
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
