/**
 * Partials → a window's final objects, through shared/oss's merge (small partials concatenated,
 * large ones joined server-side with UploadPartCopy, one part in memory at a time) and write
 * modes (`truncate` replaces this window's objects, `nonConflict` creates only; identical content
 * already there is success). Delimited partials carry no header: each final object gets the
 * header once, from a small staged header object. Parquet partials are merged at row-group level
 * (shared/formats `planParquetMerge`): `PAR1` and the row groups are copied, a new footer staged.
 */
import {
  createFormatter,
  footerLength,
  formatOptions,
  planParquetMerge,
  readFooter,
} from '../formats/index.js';
import { finalObjectName, stagingPrefix } from '../naming/index.js';
import {
  CRC64_EMPTY,
  ObjectConflictError,
  crc64,
  crc64Combine,
  planObject,
  segmentsCrc64,
  writeFinalObjects as writeOssObjects,
  writePlannedObject,
  type MergeSource,
  type Segment,
} from '../oss/index.js';
import type { OutputColumn } from '../records/index.js';
import type { PartialRef } from '../status/index.js';
import { FinalizeError } from './errors.js';
import { namingJob, namingWindow } from './naming.js';
import type { ExportContext, FinalObject, WindowSpan } from './types.js';

export interface Header {
  readonly bytes: Buffer;
  readonly crc64: string;
}

export interface PlannedObject extends FinalObject {
  readonly sources: readonly PartialRef[];
}

/** Which partials (in order) make which final object, split at `maxBytes` between partials. */
export function planObjects(
  partials: readonly PartialRef[],
  opts: { header: Header | undefined; maxBytes: number; keyOf: (part: number) => string },
): PlannedObject[] {
  const groups: PartialRef[][] = [];
  const headerLen = opts.header?.bytes.length ?? 0;
  let size = 0;
  for (const p of partials) {
    const current = groups[groups.length - 1];
    if (!current || size + p.bytes > opts.maxBytes) {
      groups.push([p]);
      size = headerLen + p.bytes;
    } else {
      current.push(p);
      size += p.bytes;
    }
  }
  return groups.map((sources, i) => {
    let crc = opts.header ? opts.header.crc64 : CRC64_EMPTY;
    let bytes = headerLen;
    for (const s of sources) {
      crc = crc64Combine(crc, s.crc64, s.bytes);
      bytes += s.bytes;
    }
    return {
      key: opts.keyOf(i + 1),
      rows: sources.reduce((n, s) => n + s.rows, 0),
      bytes,
      crc64: crc,
      sources,
    };
  });
}

/** The header line(s) as the configured format writes them (none for Parquet or `header: false`). */
export async function headerBytes(
  ctx: ExportContext,
  columns: readonly OutputColumn[],
): Promise<Header | undefined> {
  const output = ctx.config.output;
  if (output.fileFormat === 'parquet' || output.header === false) return undefined;
  const chunks: Buffer[] = [];
  const f = createFormatter(formatOptions(output, columns), {
    write: (c) => void chunks.push(Buffer.from(c)),
  });
  await f.finish();
  const bytes = Buffer.concat(chunks);
  return bytes.length === 0 ? undefined : { bytes, crc64: crc64(bytes) };
}

const source = (p: PartialRef): MergeSource => ({ key: p.key, size: p.bytes, crc64: p.crc64, rows: p.rows });

/** Writes the window's final objects (truncate / nonConflict) and returns them in order. */
export async function writeFinalObjects(
  ctx: ExportContext,
  window: WindowSpan,
  partials: readonly PartialRef[],
  extension: string,
  header: Header | undefined,
): Promise<FinalObject[]> {
  const job = namingJob(ctx);
  const nw = namingWindow(window);
  const keyOf = (part: number) => finalObjectName(job, nw, part, extension);
  const mode = ctx.config.output.writeMode === 'nonConflict' ? 'nonConflict' : 'truncate';
  const planned = planObjects(partials, { header, maxBytes: ctx.config.output.maxFileSizeBytes, keyOf });
  const staging = stagingPrefix(job, nw);
  const plan = { partSize: ctx.options.partSize, ...(ctx.throttle ? { throttle: ctx.throttle } : {}) };
  let headerSource: MergeSource | undefined;
  if (header) {
    headerSource = {
      key: `${staging}_header${extension}`,
      size: header.bytes.length,
      crc64: header.crc64,
      rows: 0,
    };
    await ctx.sink.put(headerSource.key, header.bytes);
  }
  const out: FinalObject[] = [];
  for (const o of planned) {
    if (ctx.config.output.fileFormat === 'parquet' && o.sources.length > 1) {
      out.push(
        await writeMergedParquet(
          ctx,
          o,
          `${staging}_footer-${o.key.slice(o.key.lastIndexOf('_') + 1)}`,
          mode,
        ),
      );
      continue;
    }
    const sources = [...(headerSource ? [headerSource] : []), ...o.sources.map(source)];
    const [written] = await writeOssObjects(ctx.sink, sources, {
      ...plan,
      mode,
      maxFileSize: Number.MAX_SAFE_INTEGER,
      objectKey: () => o.key,
    });
    if (written!.size !== o.bytes || written!.crc64 !== o.crc64) {
      throw new FinalizeError(
        `final object ${o.key} came out as ${written!.size} B, crc64 ${written!.crc64}, but the shard results ` +
          `recorded ${o.bytes} B, crc64 ${o.crc64}: a partial changed after its shard reported; nothing was committed`,
      );
    }
    out.push({ key: o.key, rows: o.rows, bytes: o.bytes, crc64: o.crc64 });
  }
  if (mode === 'truncate') {
    // Replace this window's objects: parts beyond the ones just written are stale leftovers.
    const first = keyOf(1);
    const prefix = first.slice(0, first.length - `000001${extension}`.length);
    const ours = new Set(out.map((o) => o.key));
    const stale = (await ctx.sink.list(prefix)).map((o) => o.key).filter((k) => !ours.has(k));
    if (stale.length > 0) await ctx.sink.deleteMany(stale);
  }
  return out;
}

/** Several Parquet partials → one file: `PAR1`, every row group copied, a new footer. */
async function writeMergedParquet(
  ctx: ExportContext,
  o: PlannedObject,
  footerKey: string,
  mode: 'truncate' | 'nonConflict',
): Promise<FinalObject> {
  const parts = [];
  for (const p of o.sources) {
    const last8 = await ctx.sink.get(p.key, { start: p.bytes - 8, end: p.bytes });
    const tail = await ctx.sink.get(p.key, { start: p.bytes - footerLength(last8), end: p.bytes });
    parts.push({ size: p.bytes, metadata: readFooter(tail) });
  }
  const merge = planParquetMerge(parts);
  const footer = Buffer.from(merge.footer);
  await ctx.sink.put(footerKey, footer);
  const first = o.sources[0]!;
  const segments: Segment[] = [
    { key: first.key, start: 0, end: 4 },
    ...merge.ranges.map((r) => ({ key: o.sources[r.part]!.key, start: r.start, end: r.end })),
    { key: footerKey, start: 0, end: footer.length },
  ];
  const sources: MergeSource[] = [
    ...o.sources.map(source),
    { key: footerKey, size: footer.length, crc64: crc64(footer) },
  ];
  const expected = { size: merge.bytes, crc64: await segmentsCrc64(ctx.sink, segments, sources) };
  const existing = await ctx.sink.head(o.key);
  if (existing && existing.size === expected.size && existing.crc64 === expected.crc64) {
    return { key: o.key, rows: merge.rows, bytes: expected.size, crc64: expected.crc64 };
  }
  if (existing && mode === 'nonConflict') {
    throw new ObjectConflictError(o.key, expected, {
      size: existing.size,
      ...(existing.crc64 ? { crc64: existing.crc64 } : {}),
    });
  }
  const plan = planObject(segments, { partSize: ctx.options.partSize });
  await writePlannedObject(ctx.sink, o.key, plan, sources, {
    crc64: expected.crc64,
    ...(ctx.throttle ? { throttle: ctx.throttle } : {}),
    ...(mode === 'nonConflict' ? { put: { forbidOverwrite: true } } : {}),
  });
  return { key: o.key, rows: merge.rows, bytes: expected.size, crc64: expected.crc64 };
}
