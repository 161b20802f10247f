/**
 * Public types of the export engine. The engine is handed its clients (`ExportContext`) and `now`;
 * it never reads the environment or the clock for decisions.
 */
import type { JobConfig } from '../config/index.js';
import type { ObjectSink } from '../oss/sink.js';
import type { Throttle } from '../oss/token-bucket.js';
import type { TableKeyColumn } from '../records/index.js';
import type { StatusStore } from '../status/index.js';
import type { StreamClient } from '../tablestore/index.js';
import type { SyncError } from '../errors.js';

/** Tuning knobs with safe defaults (`DEFAULT_ENGINE_OPTIONS`). */
export interface EngineOptions {
  /** Records per GetStreamRecord call. */
  readonly batchLimit: number;
  /** Multipart part size for partials and merged objects (≥ 100 KiB). */
  readonly partSize: number;
  /** Lease on a claimed window; a run that exceeds it may be re-driven by another owner. */
  readonly leaseMs: number;
  /** How far before the window start a timestamp seek lands (DataX: 10 min). */
  readonly seekMarginMillis: number;
  /** Root of staging partials and manifests in the bucket. */
  readonly controlPrefix: string;
}

export interface ExportContext {
  readonly config: JobConfig;
  readonly streams: StreamClient;
  readonly status: StatusStore;
  readonly sink: ObjectSink;
  /** The data table's stream id (ListStream). */
  readonly streamId: string;
  /** The data table's primary key in order (DescribeTable). */
  readonly primaryKey: readonly TableKeyColumn[];
  /** `live` for the scheduled chain; a backfill id for a backfill run (own prefix, own chain). */
  readonly run: string;
  readonly options: EngineOptions;
  /** `speed.mbps`: one byte budget shared by every upload of this context (absent = unthrottled). */
  readonly throttle?: Throttle;
  /** Structured progress events (never secrets). */
  readonly log?: (event: ExportEvent) => void;
}

export interface ExportEvent {
  readonly event: string;
  readonly window?: { readonly start: number; readonly end: number };
  readonly shardId?: string;
  readonly [key: string]: unknown;
}

/** A window of the run, `[start, end)` in epoch ms. */
export interface WindowSpan {
  readonly startMillis: number;
  readonly endMillis: number;
}

/** What `dispatchWindow` decided. */
export type DispatchResult =
  | { readonly state: 'committed'; readonly window: WindowSpan }
  | {
      readonly state: 'claimed';
      readonly window: WindowSpan;
      readonly epoch: number;
      /** Every listed shard, sorted. */
      readonly shards: readonly string[];
      /** Shards grouped by lineage tree: one `exportShardGroup` call per group. */
      readonly groups: readonly (readonly string[])[];
    };

export interface ShardGroupInput {
  readonly window: WindowSpan;
  readonly epoch: number;
  readonly shardIds: readonly string[];
  /** Epoch ms after which no new batch is read: the group saves progress and returns `done: false`. */
  readonly deadline?: number;
  /** Clock for the deadline (default Date.now); tests pass their own. */
  readonly clock?: () => number;
}

export interface ShardOutcome {
  readonly shardId: string;
  /** `done`: result written; `suspended`: progress saved (budget); `skipped`: TRIM_HORIZON for next window. */
  readonly state: 'done' | 'suspended' | 'skipped' | 'shardEnd';
  readonly checkpoint?: string;
  readonly rows: number;
  readonly late: number;
  readonly dirty: number;
  readonly bytes: number;
}

export interface ShardGroupResult {
  /** All shards of the group have results for this epoch. */
  readonly done: boolean;
  readonly shards: readonly ShardOutcome[];
}

export interface FinalizeResult {
  readonly state: 'committed' | 'alreadyCommitted' | 'waiting';
  readonly window: WindowSpan;
  /** Shards whose results are still missing (state `waiting`). */
  readonly missing?: readonly string[];
  readonly manifestKey?: string;
  readonly manifestHash?: string;
  readonly objects?: readonly FinalObject[];
  readonly rows?: number;
  readonly bytes?: number;
  readonly late?: number;
  readonly dirty?: number;
}

/** One final object of a window, as listed in its manifest. */
export interface FinalObject {
  readonly key: string;
  readonly rows: number;
  readonly bytes: number;
  readonly crc64: string;
}

/** One line of the runner's output per window. */
export interface WindowSummary {
  readonly window: WindowSpan;
  /** `noop`: the window was already committed before this run. */
  readonly state: 'committed' | 'noop' | 'failed';
  readonly epoch?: number;
  readonly rows: number;
  readonly bytes: number;
  readonly late: number;
  readonly dirty: number;
  readonly objects: readonly string[];
  readonly manifestKey?: string;
  readonly durationMs: number;
  readonly error?: SyncError;
}

export interface ExportWindowsOptions {
  readonly config: JobConfig;
  /** Epoch ms used for planning (`end <= now − lag`). */
  readonly now: number;
  /** Export at most this many due windows (default: `schedule.maxWindowsPerRun`). */
  readonly windows?: number;
  /** Export due windows ending at or before this epoch ms (any number, planned in bounded steps). */
  readonly until?: number;
  /** First run only: where the first window starts (aligned down). Default: only the latest due window. */
  readonly from?: number;
  /** Prebuilt clients (tests, reuse across calls); built from `config` when absent. */
  readonly context?: ExportContext;
  /** Lease owner name (default `cli-<pid>`). */
  readonly owner?: string;
  /** Re-drive a window left `failed` by an earlier run. */
  readonly retryFailed?: boolean;
  /** Called after each window (committed, noop or failed). */
  readonly onWindow?: (summary: WindowSummary) => void;
}

export interface ExportWindowsResult {
  readonly windows: readonly WindowSummary[];
  /** More windows are due than were exported (bound hit), or a failure stopped the run. */
  readonly more: boolean;
  /** The failure that stopped the run (also in the last summary). */
  readonly error?: SyncError;
}
