/**
 * Durability for `--data-dir`: every committed change is one JSON line appended to `oplog.jsonl`
 * and fdatasync'd before the client gets its answer; start-up replays the lines in order. A torn
 * last line (crash mid-write, never acknowledged) is cut off. When the log has grown past a
 * snapshot of the state it rebuilds, start-up rewrites it as that snapshot (temp file + rename).
 */
import {
  closeSync,
  fsyncSync,
  fstatSync,
  ftruncateSync,
  renameSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  existsSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** JSON with bigint, bytes, non-finite/negative-zero doubles and Maps kept exact. */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key]; // before Buffer.toJSON ran
    if (typeof raw === 'bigint') return { $i: raw.toString() };
    if (raw instanceof Uint8Array)
      return { $b: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0)))
      return { $d: String(Object.is(raw, -0) ? '-0' : raw) };
    if (raw instanceof Map) return { $m: [...raw.entries()] };
    return v;
  });
}

export function fromJsonLine(line: string): unknown {
  return JSON.parse(line, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$i === 'string') return BigInt(o.$i);
    if (typeof o.$b === 'string') return Buffer.from(o.$b, 'base64');
    if (typeof o.$d === 'string') return o.$d === '-0' ? -0 : Number(o.$d);
    if (Array.isArray(o.$m)) return new Map(o.$m as [unknown, unknown][]);
    return v;
  });
}

export class OpLog {
  private fd: number;
  /** Entries found in the log when it was opened. */
  replayed = 0;

  private constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Opens (creating) the log under `dir`, hands every stored entry to `replay`, then appends after them. */
  static open(dir: string, replay: (entry: unknown) => void): OpLog {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'oplog.jsonl');
    let replayed = 0;
    if (existsSync(path)) {
      const bytes = readFileSync(path);
      let at = 0;
      while (at < bytes.length) {
        const nl = bytes.indexOf(0x0a, at);
        if (nl < 0) break; // torn tail: written but never acknowledged
        let entry: unknown;
        try {
          entry = fromJsonLine(bytes.toString('utf8', at, nl));
        } catch {
          break;
        }
        replay(entry);
        replayed++;
        at = nl + 1;
      }
      if (at < bytes.length) truncateSync(path, at);
    }
    const log = new OpLog(path);
    log.replayed = replayed;
    return log;
  }

  /** Replaces the whole log with `entries` (a snapshot), atomically: temp file, fsync, rename. */
  rewrite(entries: readonly unknown[]): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      for (const entry of entries) writeSync(fd, `${toJsonLine(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
  }

  /** Appends one entry durably; a failed append is cut back off so later entries stay readable. */
  append(entry: unknown): void {
    const line = Buffer.from(`${toJsonLine(entry)}\n`);
    const size = fstatSync(this.fd).size;
    try {
      let done = 0;
      while (done < line.length) done += writeSync(this.fd, line, done);
      fdatasyncSync(this.fd);
    } catch (err) {
      ftruncateSync(this.fd, size);
      throw err;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
