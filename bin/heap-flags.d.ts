/** Old-space cap in MiB when nothing else sets one (`OTS2OSS_MAX_HEAP_MB` overrides it). */
export declare const DEFAULT_MAX_HEAP_MB: number;
/** The heap flags `ots2oss` adds to `node` for this environment (see heap-flags.js). */
export declare function heapFlags(
  env?: Record<string, string | undefined>,
  execArgv?: readonly string[],
): string[];
