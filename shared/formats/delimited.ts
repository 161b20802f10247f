/**
 * `csv` (RFC 4180) and `text` (DataX: values joined by the delimiter, no escaping).
 * Values become text by DataX's rules (shared/records); null is `nullFormat`. In csv an empty
 * string is written `""` so it stays distinct from a null written as an empty nullFormat.
 * Text has no escaping, so a value holding the field or line delimiter cannot be written
 * faithfully: it is reported dirty (DataX would silently corrupt the line).
 * A hand loop, not csv-stringify: the library cannot write an empty string differently from a
 * null (not even through `cast`), and the loop measured 1.1–1.3× its rows per CPU second with the
 * dirty checks included (bench/parquet.ts, docs/BENCHMARKS.md ## parquet).
 */
import { SyncError } from '../errors.js';
import { UnwritableValueError, valueToText } from '../records/value-text.js';
import type { OutputColumn, OutputRow } from '../records/types.js';
import { charsetFor, type Charset } from './charset.js';
import { GzipSink } from './gzip.js';
import type { ByteSink, DirtyRow, FormatStats, Formatter, TextOptions } from './types.js';

/** Characters buffered before encoding and handing a chunk on. */
const CHUNK_CHARS = 256 * 1024;

export class DelimitedFormatter implements Formatter {
  readonly extension: string;
  readonly contentType: string;
  readonly stats: FormatStats = { rows: 0, bytes: 0, dirty: 0 };
  readonly #csv: boolean;
  readonly #opts: TextOptions;
  readonly #columns: readonly OutputColumn[];
  readonly #charset: Charset;
  readonly #target: ByteSink;
  readonly #gzip: GzipSink | undefined;
  #buf = '';
  #headerDone = false;
  #finished = false;

  constructor(format: 'csv' | 'text', columns: readonly OutputColumn[], opts: TextOptions, sink: ByteSink) {
    this.#csv = format === 'csv';
    this.#opts = opts;
    this.#columns = columns;
    this.#charset = charsetFor(opts.encoding);
    const counting: ByteSink = {
      write: (chunk) => {
        this.stats.bytes += chunk.byteLength;
        return sink.write(chunk);
      },
    };
    this.#gzip = opts.compression === 'gzip' ? new GzipSink(counting) : undefined;
    this.#target = this.#gzip ?? counting;
    const base = this.#csv ? '.csv' : '.txt';
    this.extension = this.#gzip ? `${base}.gz` : base;
    this.contentType = this.#gzip ? 'application/gzip' : this.#csv ? 'text/csv' : 'text/plain';
  }

  #quote(v: string): string {
    if (v === '') return '""';
    const d = this.#opts.fieldDelimiter.charCodeAt(0);
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c === 34 || c === 10 || c === 13 || c === d) return `"${v.replaceAll('"', '""')}"`;
    }
    return v;
  }

  /** The line for a row, or why it cannot be written. */
  #line(row: OutputRow): string | { column: string; reason: string } {
    const { fieldDelimiter, lineDelimiter, nullFormat, byteEncoding } = this.#opts;
    let line = '';
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      let text: string;
      if (v === null || v === undefined) {
        text = nullFormat;
      } else {
        try {
          text = valueToText(v, byteEncoding);
        } catch (e) {
          if (e instanceof UnwritableValueError) return { column: this.#name(j), reason: e.reason };
          throw e;
        }
        const problem = this.#charset.problem(text);
        if (problem) return { column: this.#name(j), reason: problem };
        if (this.#csv) text = this.#quote(text);
        else if (text.includes(fieldDelimiter) || text.includes('\n') || text.includes('\r')) {
          return {
            column: this.#name(j),
            reason:
              'contains the field delimiter or a line break, which the text format cannot escape (use fileFormat csv)',
          };
        }
      }
      line += j === 0 ? text : fieldDelimiter + text;
    }
    return line + lineDelimiter;
  }

  #name(j: number): string {
    return this.#columns[j]?.name ?? `#${j}`;
  }

  async #flush(force: boolean): Promise<void> {
    if (this.#buf.length === 0 || (!force && this.#buf.length < CHUNK_CHARS)) return;
    const chunk = this.#charset.encode(this.#buf);
    this.#buf = '';
    await this.#target.write(chunk);
  }

  #header(): void {
    this.#headerDone = true;
    const h = this.#opts.header;
    if (h === false) return;
    const names = h === true ? this.#columns.map((c) => c.name) : h;
    for (const n of names) {
      const problem = this.#charset.problem(n);
      if (problem)
        throw new SyncError(
          'HEADER_UNWRITABLE',
          `header name ${JSON.stringify(n)} ${problem}; rename it or choose encoding GB18030/UTF-8`,
        );
    }
    const cells = names.map((n) => (this.#csv ? this.#quote(n) : n));
    this.#buf += cells.join(this.#opts.fieldDelimiter) + this.#opts.lineDelimiter;
  }

  async write(rows: readonly OutputRow[]): Promise<DirtyRow[]> {
    if (this.#finished) throw new Error('formatter already finished');
    if (!this.#headerDone) this.#header();
    const dirty: DirtyRow[] = [];
    for (const row of rows) {
      const line = this.#line(row);
      if (typeof line === 'string') {
        this.#buf += line;
        this.stats.rows++;
      } else {
        dirty.push({ row, ...line });
        this.stats.dirty++;
      }
      if (this.#buf.length >= CHUNK_CHARS) await this.#flush(false);
    }
    return dirty;
  }

  async finish(): Promise<FormatStats> {
    if (this.#finished) throw new Error('formatter already finished');
    if (!this.#headerDone) this.#header();
    this.#finished = true;
    await this.#flush(true);
    await this.#gzip?.end();
    return { ...this.stats };
  }
}
