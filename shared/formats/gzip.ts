/**
 * Streaming gzip in front of a sink: one gzip member for the whole object, output drained to the
 * sink after every input chunk so memory stays bounded by zlib's window plus one chunk.
 */
import { createGzip, type Gzip } from 'node:zlib';
import type { ByteSink } from './types.js';

export class GzipSink implements ByteSink {
  readonly #gz: Gzip;
  readonly #out: ByteSink;
  #pending: Buffer[] = [];

  constructor(out: ByteSink, level = 6) {
    this.#out = out;
    this.#gz = createGzip({ level });
    this.#gz.on('data', (b: Buffer) => this.#pending.push(b));
  }

  async #drain(): Promise<void> {
    const chunks = this.#pending;
    this.#pending = [];
    for (const c of chunks) await this.#out.write(c);
  }

  async write(chunk: Uint8Array): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.#gz.write(chunk, (err) => (err ? reject(err) : resolve())),
    );
    await this.#drain();
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#gz.once('end', resolve);
      this.#gz.once('error', reject);
      this.#gz.end();
      this.#gz.resume();
    });
    await this.#drain();
  }
}
