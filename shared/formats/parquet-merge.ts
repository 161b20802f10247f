/**
 * Row-group-level merge of Parquet files with one schema (a window's partials), without
 * re-encoding: the merged file is `PAR1`, each part's row-group bytes in order, and a new footer
 * whose offsets are shifted to the new positions. Planning needs only each part's size and
 * footer (a ranged read of its tail), so a caller can assemble the result server-side — e.g.
 * OSS UploadPartCopy of each byte range, then the footer as the last part — or in memory with
 * {@link mergeParquet}. Page indexes and bloom filters (stored after the row groups) are not
 * carried over; they are optional for readers.
 */
import { parquetMetadata, type ColumnChunk, type FileMetaData, type RowGroup } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { SyncError } from '../errors.js';

const MAGIC = 0x31524150; // "PAR1" little-endian

/** Parquet files that cannot be merged (different schemas, unexpected layout, not Parquet). */
export class ParquetMergeError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super('PARQUET_MERGE', message, options);
    this.name = 'ParquetMergeError';
  }
}

export interface ParquetPart {
  /** Total size of the part's file in bytes. */
  readonly size: number;
  readonly metadata: FileMetaData;
}

/** A byte range `[start, end)` of part `part` to copy, in output order. */
export interface CopyRange {
  readonly part: number;
  readonly start: number;
  readonly end: number;
}

export interface MergePlan {
  readonly ranges: readonly CopyRange[];
  /** Footer to append after the ranges: thrift metadata, its length, `PAR1`. */
  readonly footer: Uint8Array;
  readonly rows: number;
  readonly bytes: number;
}

/** How many bytes at the end of a file hold its footer, from the last 8 bytes of the file. */
export function footerLength(last8: Uint8Array): number {
  if (last8.byteLength < 8) throw new ParquetMergeError('need the last 8 bytes of the file');
  const view = new DataView(last8.buffer, last8.byteOffset + last8.byteLength - 8, 8);
  if (view.getUint32(4, true) !== MAGIC)
    throw new ParquetMergeError('not a Parquet file (no PAR1 at the end)');
  return view.getUint32(0, true) + 8;
}

/** A part's footer metadata from the file's tail (at least {@link footerLength} bytes). */
export function readFooter(tail: Uint8Array): FileMetaData {
  try {
    return parquetMetadata(tail);
  } catch (cause) {
    throw new ParquetMergeError(`cannot read the Parquet footer: ${(cause as Error).message}`, { cause });
  }
}

function chunkRange(c: ColumnChunk): [bigint, bigint] {
  const m = c.meta_data;
  if (!m)
    throw new ParquetMergeError('column chunk without metadata (encrypted or external) cannot be merged');
  const start =
    m.dictionary_page_offset !== undefined && m.dictionary_page_offset > 0n
      ? m.dictionary_page_offset
      : m.data_page_offset;
  return [start, start + m.total_compressed_size];
}

function schemaKey(md: FileMetaData): string {
  return JSON.stringify(md.schema, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function shifted(rg: RowGroup, delta: bigint): RowGroup {
  const columns = rg.columns.map((c): ColumnChunk => {
    const m = c.meta_data!;
    const {
      offset_index_offset: _oio,
      offset_index_length: _oil,
      column_index_offset: _cio,
      column_index_length: _cil,
      ...rest
    } = c;
    const { bloom_filter_offset: _bfo, bloom_filter_length: _bfl, ...meta } = m;
    return {
      ...rest,
      file_offset: c.file_offset > 0n ? c.file_offset + delta : c.file_offset,
      meta_data: {
        ...meta,
        data_page_offset: m.data_page_offset + delta,
        ...(m.dictionary_page_offset !== undefined
          ? { dictionary_page_offset: m.dictionary_page_offset + delta }
          : {}),
        ...(m.index_page_offset !== undefined ? { index_page_offset: m.index_page_offset + delta } : {}),
      },
    };
  });
  return { ...rg, columns, ...(rg.file_offset !== undefined ? { file_offset: rg.file_offset + delta } : {}) };
}

/** Plans the merge of parts (in order) into one file. All parts must share one schema. */
export function planParquetMerge(parts: readonly ParquetPart[]): MergePlan {
  if (parts.length === 0) throw new ParquetMergeError('nothing to merge');
  const first = parts[0]!.metadata;
  const key = schemaKey(first);
  const ranges: CopyRange[] = [];
  const rowGroups: RowGroup[] = [];
  let offset = 4n; // after the leading PAR1
  let rows = 0n;
  parts.forEach((p, i) => {
    if (schemaKey(p.metadata) !== key)
      throw new ParquetMergeError(`part ${i} has a different schema from part 0`);
    if (p.metadata.row_groups.length === 0) return;
    let lo = BigInt(p.size);
    let hi = 0n;
    let sum = 0n;
    for (const rg of p.metadata.row_groups) {
      for (const c of rg.columns) {
        const [s, e] = chunkRange(c);
        if (s < lo) lo = s;
        if (e > hi) hi = e;
        sum += e - s;
      }
    }
    if (lo < 4n || hi > BigInt(p.size) || sum !== hi - lo) {
      throw new ParquetMergeError(
        `part ${i}: row-group data is not one contiguous range [${lo}, ${hi}) of ${p.size} bytes`,
      );
    }
    const delta = offset - lo;
    for (const rg of p.metadata.row_groups) rowGroups.push(shifted(rg, delta));
    ranges.push({ part: i, start: Number(lo), end: Number(hi) });
    offset += hi - lo;
    rows += p.metadata.num_rows;
  });
  const w = new ByteWriter(64 * 1024);
  const merged: FileMetaData = {
    version: first.version,
    schema: first.schema,
    num_rows: rows,
    row_groups: rowGroups,
    metadata_length: 0,
    ...(first.key_value_metadata ? { key_value_metadata: first.key_value_metadata } : {}),
    ...(first.created_by ? { created_by: first.created_by } : {}),
  };
  // writeMetadata serialises every field it is given; metadata_length is not a thrift field.
  delete (merged as Partial<FileMetaData>).metadata_length;
  writeMetadata(w, merged, Infinity);
  w.appendUint32(MAGIC);
  const footer = new Uint8Array(w.getBuffer());
  return { ranges, footer, rows: Number(rows), bytes: Number(offset) + footer.byteLength };
}

/** Merges whole Parquet files in memory (small partials, tests). */
export function mergeParquet(files: readonly Uint8Array[]): Uint8Array {
  const parts = files.map((f) => ({ size: f.byteLength, metadata: readFooter(f) }));
  const plan = planParquetMerge(parts);
  const out = new Uint8Array(plan.bytes);
  new DataView(out.buffer).setUint32(0, MAGIC, true);
  let at = 4;
  for (const r of plan.ranges) {
    out.set(files[r.part]!.subarray(r.start, r.end), at);
    at += r.end - r.start;
  }
  out.set(plan.footer, at);
  return out;
}
