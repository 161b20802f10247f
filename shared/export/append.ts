/**
 * `append` write mode: the window's bytes are appended (AppendObject) to one templated object,
 * exactly once: the object's length before the window's first append is recorded on the window
 * row (status `recordAppendPosition`), so a retried or re-driven finalize appends at that same
 * position and only what is not in yet (shared/oss `appendExactlyOnce`). The header goes in only
 * when the object starts empty. Parquet files cannot be appended to.
 */
import { appendObjectName } from '../naming/index.js';
import { appendExactlyOnce, appendStart, crc64Combine, CRC64_EMPTY, type MergeSource } from '../oss/index.js';
import { recordAppendPosition, type PartialRef } from '../status/index.js';
import { ExportSetupError } from './errors.js';
import type { Manifest } from './manifest.js';
import type { Header } from './merge.js';
import { namingJob, namingWindow, windowRef } from './naming.js';
import type { ExportContext, FinalObject, WindowSpan } from './types.js';

export async function appendWindow(
  ctx: ExportContext,
  at: { window: WindowSpan; epoch: number; now: number },
  partials: readonly PartialRef[],
  extension: string,
  header: Header | undefined,
): Promise<{ objects: FinalObject[]; append: NonNullable<Manifest['append']> }> {
  if (ctx.config.output.fileFormat === 'parquet') {
    throw new ExportSetupError(
      'writeMode append cannot be used with fileFormat parquet (a Parquet file cannot grow); use truncate or nonConflict',
    );
  }
  const key = appendObjectName(namingJob(ctx), namingWindow(at.window), extension);
  const start = await appendStart(ctx.sink, key);
  const recorded = await recordAppendPosition(ctx.status, windowRef(ctx, at.window), {
    epoch: at.epoch,
    position: start.position,
    crc64: start.crc64,
    now: at.now,
  });
  const sources: MergeSource[] = partials.map((p) => ({
    key: p.key,
    size: p.bytes,
    crc64: p.crc64,
    rows: p.rows,
  }));
  if (recorded.position === 0 && header && partials.length > 0) {
    const headerKey = `${partials[0]!.key}.header`;
    await ctx.sink.put(headerKey, header.bytes);
    sources.unshift({ key: headerKey, size: header.bytes.length, crc64: header.crc64, rows: 0 });
  }
  const bytes = sources.reduce((n, s) => n + s.size, 0);
  const windowCrc = sources.reduce((crc, s) => crc64Combine(crc, s.crc64!, s.size), CRC64_EMPTY);
  if (bytes > 0) {
    await appendExactlyOnce(ctx.sink, key, sources, {
      position: recorded.position,
      ...(recorded.crc64 ? { crc64Before: recorded.crc64 } : {}),
      ...(ctx.throttle ? { throttle: ctx.throttle } : {}),
    });
  }
  const rows = partials.reduce((n, p) => n + p.rows, 0);
  return {
    objects: bytes > 0 ? [{ key, rows, bytes, crc64: windowCrc }] : [],
    append: { key, position: recorded.position, bytes },
  };
}
