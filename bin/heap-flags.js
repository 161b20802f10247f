// The V8 heap flags the `ots2oss` CLI runs with (plain JS: read before tsx is loaded, and by
// bench/export.ts so the benchmark measures the export under the same flags).
//
// Node sizes its default old space from the machine's memory, so on a large host an export lets
// garbage pile up far beyond what it uses (a 1M-record export: under ~60 MiB heap in use, 288–339 MiB RSS).
// A bounded heap makes V8 collect sooner (196–215 MiB RSS) at a few percent of speed at most (docs/BENCHMARKS.md, export).

/** Old-space cap in MiB when nothing else sets one (`OTS2OSS_MAX_HEAP_MB` overrides it). */
export const DEFAULT_MAX_HEAP_MB = 160;

/** Flags that already decide the heap size: if either is given we add nothing. */
const HEAP_FLAG = /(^|\s)--max-old-space-size(=|\s|$)/;

/**
 * The flags to add to `node` for this environment: `[]` when `NODE_OPTIONS` or the current
 * `execArgv` already sets `--max-old-space-size`, or when `OTS2OSS_MAX_HEAP_MB=0` (Node's default);
 * else `--max-old-space-size=<OTS2OSS_MAX_HEAP_MB or 160>`.
 * @param {Record<string, string | undefined>} env
 * @param {readonly string[]} execArgv
 * @returns {string[]}
 */
export function heapFlags(env = process.env, execArgv = process.execArgv) {
  if (HEAP_FLAG.test(env.NODE_OPTIONS ?? '') || execArgv.some((a) => HEAP_FLAG.test(a))) return [];
  const raw = env.OTS2OSS_MAX_HEAP_MB?.trim();
  const mb = raw ? Number(raw) : DEFAULT_MAX_HEAP_MB;
  if (!Number.isInteger(mb) || mb < 0) {
    throw new RangeError(
      `OTS2OSS_MAX_HEAP_MB must be a whole number of MiB (0 = Node's default), got "${raw}"`,
    );
  }
  return mb === 0 ? [] : [`--max-old-space-size=${mb}`];
}
