/**
 * The export engine: export windows of a table's stream to OSS exactly once.
 *
 * The pieces the FC functions call separately (issue 6), each handed an `ExportContext`:
 * - `dispatchWindow(ctx, window, {now, owner})` — claim (lease + epoch), list shards, lineage groups;
 * - `exportShardGroup(ctx, {window, epoch, shardIds, deadline?})` — export one group's shards into
 *   staging partials, write shard results on the epoch; `done: false` when the deadline stopped it
 *   (progress saved; call again to resume);
 * - `finalizeWindow(ctx, {window, epoch, now})` — merge, manifest, DataX rows, commit, watermark,
 *   cleanup; idempotent (`waiting` while shard results are missing).
 * And the in-process runner the CLI uses: `exportWindows({config, now, windows | until})`.
 *
 * @example
 *   const ctx = await createExportContext(config);
 *   const { windows, error } = await exportWindows({ config, now: Date.now(), windows: 3, context: ctx });
 */
export type * from './types.js';
export { createExportContext, DEFAULT_ENGINE_OPTIONS, type ContextOverrides } from './context.js';
export { dispatchWindow, type DispatchOptions } from './dispatch.js';
export { exportShardGroup, type ShardGroupDeps } from './shard-group.js';
export { exportShard, type ShardExportInput } from './shard-export.js';
export { finalizeWindow, dataxVersion, type FinalizeOptions } from './finalize.js';
export { exportWindows, exportWindow, defaultOwner } from './runner.js';
export { MANIFEST_FORMAT, manifestBytes, sha256, type Manifest } from './manifest.js';
export { planObjects, type PlannedObject } from './merge.js';
export { startCheckpoints } from './start-checkpoints.js';
export { ExportSetupError, DirtyLimitError, FinalizeError } from './errors.js';
export { namingJob, windowRef } from './naming.js';
export { isDataFailure, recordDataFailure } from './data-failure.js';
