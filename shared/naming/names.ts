/**
 * Deterministic object names: each is a pure function of the job, the window, the shard and the
 * part number, zero-padded so listing order is time order. Nothing random or clock-based, so a
 * retried worker rewrites exactly the names it wrote before.
 *
 * Layout (defaults; `<prefix>` is the rendered `object` template for the window):
 *   final     <prefix>/<job>_<start13>_<end13>_<part6><ext>
 *   dirty     <prefix>/_dirty/<job>_<start13>_<end13>_<shard>_<part6>.jsonl
 *   append    <prefix><ext>                      (one object per rendered template)
 *   partial   <control>/<job>/staging/<end13>/<shard>/part-<part6><ext>
 *   manifest  <control>/<job>/manifests/<start13>_<end13>.json
 * Window start and end (absolute epoch ms) are in every per-window name, so a local hour that
 * repeats at a DST change can never make two windows share a name.
 */
import { padMillis, renderTemplate } from './template.js';

export interface NamingJob {
  /** Job name, `[A-Za-z0-9._-]`, unique per bucket. */
  readonly name: string;
  readonly instance: string;
  readonly table: string;
  /** The `object` template, e.g. `instance/table/{yyyy}{MM}{dd}/{HH}{mm}`. */
  readonly objectTemplate: string;
  readonly timeZone: string;
  /** Root for staging partials and manifests; default `_ots2oss`. */
  readonly controlPrefix?: string;
}

export interface WindowRef {
  readonly startMillis: number;
  readonly endMillis: number;
}

export const DEFAULT_CONTROL_PREFIX = '_ots2oss';

/** Part numbers are 1-based and padded to 6 digits. */
export function padPart(part: number): string {
  if (!Number.isInteger(part) || part < 1 || part > 999_999) {
    throw new RangeError(`part number must be an integer in 1..999999, got ${part}`);
  }
  return String(part).padStart(6, '0');
}

/** Shard ids go into names verbatim when safe, else percent-encoded (never a `/`). */
function shardSegment(shardId: string): string {
  return /^[A-Za-z0-9._-]+$/.test(shardId) ? shardId : encodeURIComponent(shardId);
}

function controlRoot(job: NamingJob): string {
  return `${(job.controlPrefix ?? DEFAULT_CONTROL_PREFIX).replace(/\/+$/, '')}/${job.name}`;
}

function windowTag(job: NamingJob, w: WindowRef): string {
  return `${job.name}_${padMillis(w.startMillis)}_${padMillis(w.endMillis)}`;
}

/** The rendered `object` template for a window, without a trailing `/`. */
export function windowPrefix(job: NamingJob, w: WindowRef): string {
  return renderTemplate(job.objectTemplate, {
    instance: job.instance,
    table: job.table,
    job: job.name,
    startMillis: w.startMillis,
    endMillis: w.endMillis,
    timeZone: job.timeZone,
  }).replace(/\/+$/, '');
}

/** A final (committed) data object of a window; `extension` includes the dot, e.g. `.csv.gz`. */
export function finalObjectName(job: NamingJob, w: WindowRef, part: number, extension: string): string {
  return `${windowPrefix(job, w)}/${windowTag(job, w)}_${padPart(part)}${extension}`;
}

/** A shard's partial (staging) object for a window; removed after the window commits. */
export function partialObjectName(
  job: NamingJob,
  w: WindowRef,
  shardId: string,
  part: number,
  extension: string,
): string {
  return `${stagingPrefix(job, w)}${shardSegment(shardId)}/part-${padPart(part)}${extension}`;
}

/** Prefix under which every window's staging folder lives (ends with `/`). */
export function stagingRoot(job: NamingJob): string {
  return `${controlRoot(job)}/staging/`;
}

/** Prefix under which every partial of a window lives (ends with `/`), for listing and cleanup. */
export function stagingPrefix(job: NamingJob, w: WindowRef): string {
  return `${stagingRoot(job)}${padMillis(w.endMillis)}/`;
}

/** Dirty records (values the format or encoding cannot hold) of one shard in a window. */
export function dirtyObjectName(job: NamingJob, w: WindowRef, shardId: string, part: number): string {
  return `${windowPrefix(job, w)}/_dirty/${windowTag(job, w)}_${shardSegment(shardId)}_${padPart(part)}.jsonl`;
}

/** The window's manifest; all manifests of a job share one prefix, so listing them is the chain. */
export function manifestObjectName(job: NamingJob, w: WindowRef): string {
  return `${manifestPrefix(job)}${padMillis(w.startMillis)}_${padMillis(w.endMillis)}.json`;
}

export function manifestPrefix(job: NamingJob): string {
  return `${controlRoot(job)}/manifests/`;
}

/** `append` mode: the one object that windows rendering to the same template append to. */
export function appendObjectName(job: NamingJob, w: WindowRef, extension: string): string {
  return `${windowPrefix(job, w)}${extension}`;
}
