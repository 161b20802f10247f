/** Table options and stream specs as CreateTable / UpdateTable accept them. */
import type { TableOptions } from '../store/types.js';
import { invalid } from '../wire-error.js';

export const DEFAULT_OPTIONS: TableOptions = {
  timeToLive: -1,
  maxVersions: 1,
  deviationCellVersionInSec: 86400,
  allowUpdate: true,
};

interface OptionsInput {
  timeToLive?: number;
  maxVersions?: number;
  deviationCellVersionInSec?: string | number;
  allowUpdate?: boolean;
}

/** The given options merged over `base` (or the creation defaults), checked. */
export function readOptions(input: OptionsInput | undefined, base: TableOptions | undefined): TableOptions {
  const o = { ...(base ?? DEFAULT_OPTIONS) };
  if (input?.timeToLive !== undefined) o.timeToLive = input.timeToLive;
  if (input?.maxVersions !== undefined) o.maxVersions = input.maxVersions;
  if (input?.deviationCellVersionInSec !== undefined)
    o.deviationCellVersionInSec = Number(input.deviationCellVersionInSec);
  if (input?.allowUpdate !== undefined) o.allowUpdate = input.allowUpdate;
  if (o.timeToLive !== -1 && o.timeToLive < 86400)
    throw invalid(`TimeToLive must be -1 or at least 86400 seconds, got ${o.timeToLive}.`);
  if (!(o.deviationCellVersionInSec > 0)) {
    throw invalid(`MaxTimeDeviation must be positive, got ${o.deviationCellVersionInSec}.`);
  }
  return o;
}

/** Expiration hours of an enabled stream spec; undefined when the spec disables the stream. */
export function streamExpiration(spec: {
  enableStream: boolean;
  expirationTime?: number;
}): number | undefined {
  if (!spec.enableStream) return undefined;
  if (spec.expirationTime === undefined)
    throw invalid('Expiration time is required when enabling the stream.');
  return spec.expirationTime;
}
