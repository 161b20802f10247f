/**
 * Partials → a window's final objects. Pure planning (which partials go into which object, the
 * expected size and CRC-64 of each, computed from the partials' own CRCs) and the writes per
 * `writeMode`: `truncate` replaces this window's objects (and removes stale higher parts),
 * `nonConflict` creates only (identical content already there is success, different is an
 * error). An object already holding exactly the expected bytes is left alone, so re-running a
 * finalize rewrites nothing. Delimited partials are concatenated behind one header; Parquet
 * partials are complete files and each becomes one final object.
 */
import { createFormatter, formatOptions } from '../formats/index.js';
import type { OutputColumn } from '../records/index.js';
import { finalObjectName } from '../naming/index.js';
import { CRC64_EMPTY, crc64, crc64Combine } from '../oss/crc64.js';
import { ObjectConflictError } from '../oss/errors.js';
import { MultipartWriter } from '../oss/multipart-writer.js';
import type { ObjectSink } from '../oss/sink.js';
import type { PartialRef } from '../status/index.js';
import { namingJob, namingWindow } from './naming.js';
import type { ExportContext, FinalObject, WindowSpan } from './types.js';

export interface PlannedObject extends FinalObject {
  readonly sources: readonly PartialRef[];
  readonly withHeader: boolean;
}

export interface Header {
  readonly bytes: Buffer;
  readonly crc64: string;
}

/** Which partials (in order) make which final object; split at `maxBytes` on partial boundaries. */
export function planObjects(
  partials: readonly PartialRef[],
  opts: {
    header: Header | undefined;
    maxBytes: number;
    concatenate: boolean;
    keyOf: (part: number) => string;
  },
): PlannedObject[] {
  const groups: PartialRef[][] = [];
  const headerLen = opts.header?.bytes.length ?? 0;
  let size = 0;
  for (const p of partials) {
    const current = groups[groups.length - 1];
    if (!opts.concatenate || !current || size + p.bytes > opts.maxBytes) {
      groups.push([p]);
      size = headerLen + p.bytes;
    } else {
      current.push(p);
      size += p.bytes;
    }
  }
  return groups.map((sources, i) => {
    const withHeader = opts.concatenate && opts.header !== undefined;
    let crc = withHeader ? opts.header!.crc64 : CRC64_EMPTY;
    let bytes = withHeader ? headerLen : 0;
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
      withHeader,
    };
  });
}

/** The header line(s) as the configured format writes them (empty for Parquet or `header: false`). */
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

async function writeObject(
  sink: ObjectSink,
  o: PlannedObject,
  header: Header | undefined,
  partSize: number,
  createOnly: boolean,
): Promise<void> {
  const existing = await sink.head(o.key);
  if (existing && existing.size === o.bytes && existing.crc64 === o.crc64) return;
  if (existing && createOnly)
    throw new ObjectConflictError(
      o.key,
      { size: o.bytes, crc64: o.crc64 },
      { size: existing.size, ...(existing.crc64 ? { crc64: existing.crc64 } : {}) },
    );
  const writer = await MultipartWriter.open(sink, o.key, {
    partSize,
    ...(createOnly ? { put: { forbidOverwrite: true } } : {}),
  });
  try {
    if (o.withHeader && header) await writer.write(header.bytes);
    for (const s of o.sources) await writer.write(await sink.get(s.key));
    const done = await writer.commit();
    if (done.size !== o.bytes || done.crc64 !== o.crc64) {
      throw new ObjectConflictError(
        o.key,
        { size: o.bytes, crc64: o.crc64 },
        { size: done.size, crc64: done.crc64 },
      );
    }
  } finally {
    await writer.close();
  }
}

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
  const planned = planObjects(partials, {
    header,
    maxBytes: ctx.config.output.maxFileSizeBytes,
    concatenate: ctx.config.output.fileFormat !== 'parquet',
    keyOf,
  });
  const createOnly = ctx.config.output.writeMode === 'nonConflict';
  for (const o of planned) await writeObject(ctx.sink, o, header, ctx.options.partSize, createOnly);
  if (ctx.config.output.writeMode === 'truncate') {
    // Replace this window's objects: parts beyond the ones just written are stale leftovers.
    const first = keyOf(1);
    const prefix = first.slice(0, first.length - `000001${extension}`.length);
    const ours = new Set(planned.map((o) => o.key));
    const stale = (await ctx.sink.list(prefix))
      .map((o) => o.key)
      .filter((k) => !ours.has(k) && /^\d{6}/.test(k.slice(prefix.length)));
    if (stale.length > 0) await ctx.sink.deleteMany(stale);
  }
  return planned.map(({ key, rows, bytes, crc64: c }) => ({ key, rows, bytes, crc64: c }));
}
