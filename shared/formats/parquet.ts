/**
 * Typed Parquet output with hyparquet-writer (pure JS, no install scripts; measured against
 * DuckDB in bench/parquet.ts). Rows are buffered per column up to `rowGroupRows` (or ~32 MiB of
 * values) and written as one row group, whose bytes go to the sink at once: memory is bounded by
 * one row group. A value that does not fit its column's type is reported dirty, not coerced.
 */
import { gzipSync } from 'node:zlib';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { UnwritableValueError, valueToText } from '../records/value-text.js';
import type { FieldValue, OutputColumn, OutputRow } from '../records/types.js';
import { parquetLeaves, schemaElements, type Leaf } from './parquet-schema.js';
import type { ByteSink, DirtyRow, FormatStats, Formatter, ParquetOptions } from './types.js';

// hyparquet-writer holds several times a group's values while encoding it; 8 MiB of values keeps the peak
// RSS of 1,000,000 streamed rows near 220 MiB (measured in docs/BENCHMARKS.md, ## parquet).
const GROUP_BYTES = 8 * 1024 * 1024;
const CODECS = { snappy: 'SNAPPY', zstd: 'ZSTD', gzip: 'GZIP', none: 'UNCOMPRESSED' } as const;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const TWO_53 = 2n ** 53n;

let zstd: typeof import('@bokuweb/zstd-wasm') | undefined;
async function loadZstd(): Promise<typeof import('@bokuweb/zstd-wasm')> {
  if (!zstd) {
    const mod = await import('@bokuweb/zstd-wasm');
    await mod.init();
    zstd = mod;
  }
  return zstd;
}

type Cell = bigint | number | boolean | string | Uint8Array | null;

function typeName(v: FieldValue): string {
  return v instanceof Uint8Array
    ? 'BINARY'
    : typeof v === 'bigint'
      ? 'INTEGER'
      : typeof v === 'number'
        ? 'DOUBLE'
        : typeof v;
}

/** The value a leaf stores for a field, or an error naming why it cannot. */
function cellFor(leaf: Leaf, v: FieldValue, byteEncoding: 'base64' | 'utf8'): Cell {
  if (leaf.valueSlot) {
    const slot = v instanceof Uint8Array ? 'bytes' : typeof v;
    if (v === null || slot !== leaf.valueSlot) return null;
  }
  if (v === null) {
    if (leaf.required) throw new UnwritableValueError(`is null but column "${leaf.name}" is required`);
    return null;
  }
  switch (leaf.kind) {
    case 'UTF8': {
      const s = typeof v === 'string' ? v : valueToText(v, byteEncoding);
      if (LONE_SURROGATE.test(s))
        throw new UnwritableValueError('contains an unpaired UTF-16 surrogate, which UTF-8 cannot write');
      return s;
    }
    case 'INT64':
    case 'TIMESTAMP_MILLIS':
    case 'TIMESTAMP_MICROS':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
      break;
    case 'DOUBLE':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint' && v <= TWO_53 && v >= -TWO_53) return Number(v);
      break;
    case 'BOOLEAN':
      if (typeof v === 'boolean') return v;
      break;
    case 'BINARY':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return Buffer.from(v, 'utf8');
      break;
  }
  throw new UnwritableValueError(
    `${typeName(v)} value ${String(v instanceof Uint8Array ? '<bytes>' : v)} does not fit column "${leaf.name}" of type ${leaf.kind}`,
  );
}

function sizeOf(c: Cell): number {
  return c === null
    ? 1
    : typeof c === 'string'
      ? c.length + 4
      : c instanceof Uint8Array
        ? c.byteLength + 4
        : 8;
}

export class ParquetFormatter implements Formatter {
  readonly extension = '.parquet';
  readonly contentType = 'application/vnd.apache.parquet';
  readonly stats: FormatStats = { rows: 0, bytes: 0, dirty: 0 };
  readonly leaves: readonly Leaf[];
  readonly #opts: ParquetOptions;
  readonly #columns: readonly OutputColumn[];
  readonly #sink: ByteSink;
  #writer: ByteWriter | undefined;
  #pw: ParquetWriter | undefined;
  #data: Cell[][];
  #groupBytes = 0;
  #finished = false;

  constructor(columns: readonly OutputColumn[], opts: ParquetOptions, sink: ByteSink) {
    this.#columns = columns;
    this.#opts = opts;
    this.#sink = sink;
    this.leaves = parquetLeaves(columns, opts.columnTypes);
    this.#data = this.leaves.map(() => []);
  }

  async #open(): Promise<ParquetWriter> {
    if (this.#pw) return this.#pw;
    const z = this.#opts.codec === 'zstd' ? await loadZstd() : undefined;
    this.#writer = new ByteWriter(1 << 20);
    this.#pw = new ParquetWriter({
      writer: this.#writer,
      schema: schemaElements(this.leaves) as ConstructorParameters<typeof ParquetWriter>[0]['schema'],
      codec: CODECS[this.#opts.codec],
      compressors: {
        GZIP: (b: Uint8Array) => gzipSync(b),
        ...(z ? { ZSTD: (b: Uint8Array) => z.compress(b, 3) } : {}),
      },
      createdBy: 'tablestore-oss-sync (hyparquet-writer)',
    });
    return this.#pw;
  }

  async #drain(): Promise<void> {
    const w = this.#writer;
    if (!w || w.index === 0) return;
    const bytes = new Uint8Array(w.buffer.slice(0, w.index));
    w.index = 0;
    this.stats.bytes += bytes.byteLength;
    await this.#sink.write(bytes);
  }

  async #writeGroup(): Promise<void> {
    const rows = this.#data[0]?.length ?? 0;
    if (rows === 0) return;
    const pw = await this.#open();
    const columnData = this.leaves.map((l, i) => ({
      name: l.name,
      data: this.#data[i]!,
      statistics: l.statistics,
    }));
    await pw.write({ columnData, rowGroupSize: rows });
    this.#data = this.leaves.map(() => []);
    this.#groupBytes = 0;
    await this.#drain();
  }

  async write(rows: readonly OutputRow[]): Promise<DirtyRow[]> {
    if (this.#finished) throw new Error('formatter already finished');
    const dirty: DirtyRow[] = [];
    const cells: Cell[] = new Array<Cell>(this.leaves.length);
    for (const row of rows) {
      let bad: DirtyRow | undefined;
      for (let i = 0; i < this.leaves.length; i++) {
        const leaf = this.leaves[i]!;
        try {
          cells[i] = cellFor(leaf, row[leaf.source] ?? null, this.#opts.byteEncoding);
        } catch (e) {
          if (!(e instanceof UnwritableValueError)) throw e;
          bad = { row, column: this.#columns[leaf.source]?.name ?? leaf.name, reason: e.reason };
          break;
        }
      }
      if (bad) {
        dirty.push(bad);
        this.stats.dirty++;
        continue;
      }
      for (let i = 0; i < cells.length; i++) {
        this.#data[i]!.push(cells[i]!);
        this.#groupBytes += sizeOf(cells[i]!);
      }
      this.stats.rows++;
      if ((this.#data[0]?.length ?? 0) >= this.#opts.rowGroupRows || this.#groupBytes >= GROUP_BYTES)
        await this.#writeGroup();
    }
    return dirty;
  }

  async finish(): Promise<FormatStats> {
    if (this.#finished) throw new Error('formatter already finished');
    this.#finished = true;
    await this.#writeGroup();
    const pw = await this.#open(); // an empty object is still a valid file with the schema
    await pw.finish();
    await this.#drain();
    return { ...this.stats };
  }
}
