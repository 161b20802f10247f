/**
 * `verify`: walk a job's manifest chain in window order and check that it proves what it claims —
 * each manifest links to the previous one's bytes (SHA-256), windows abut (no gap, no overlap),
 * and every listed object is there with the recorded size and CRC-64 (OSS's
 * `x-oss-hash-crc64ecma` from HEAD, or the CRC of a streamed read when OSS sent none).
 */
import {
  ManifestInvalidError,
  linkProblems,
  parseManifest,
  sha256,
  type ChainLink,
  type Manifest,
} from '../export/manifest.js';
import { crc64, type ObjectSink } from '../oss/index.js';

export type ProblemKind =
  | 'invalid-manifest'
  | 'broken-link'
  | 'gap'
  | 'overlap'
  | 'missing-object'
  | 'size-mismatch'
  | 'crc64-mismatch';

export interface VerifyProblem {
  readonly kind: ProblemKind;
  /** The manifest or object the problem is about. */
  readonly key: string;
  readonly detail: string;
}

export interface VerifyReport {
  readonly manifests: number;
  readonly objects: number;
  readonly rows: number;
  readonly bytes: number;
  /** First start and last end of the chain (absent when there is no manifest). */
  readonly span?: { readonly start: number; readonly end: number };
  readonly problems: readonly VerifyProblem[];
}

/** Reads an object's CRC-64: HEAD's header, else a full read (whole object or the appended range). */
async function checkObject(
  sink: ObjectSink,
  o: { key: string; bytes: number; crc64: string },
  appendedAt: number | undefined,
): Promise<VerifyProblem | undefined> {
  const info = await sink.head(o.key);
  if (!info)
    return { kind: 'missing-object', key: o.key, detail: 'listed in the manifest but not in the bucket' };
  if (appendedAt !== undefined) {
    if (info.size < appendedAt + o.bytes)
      return {
        kind: 'size-mismatch',
        key: o.key,
        detail: `appendable object is ${info.size} bytes, the manifest appended ${o.bytes} at ${appendedAt}`,
      };
    const crc = crc64(await sink.get(o.key, { start: appendedAt, end: appendedAt + o.bytes }));
    return crc === o.crc64
      ? undefined
      : { kind: 'crc64-mismatch', key: o.key, detail: `appended range CRC-64 ${crc}, manifest ${o.crc64}` };
  }
  if (info.size !== o.bytes)
    return { kind: 'size-mismatch', key: o.key, detail: `${info.size} bytes, manifest says ${o.bytes}` };
  const crc = info.crc64 ?? crc64(await sink.get(o.key));
  return crc === o.crc64
    ? undefined
    : { kind: 'crc64-mismatch', key: o.key, detail: `CRC-64 ${crc}, manifest says ${o.crc64}` };
}

function parse(key: string, body: Buffer): Manifest | VerifyProblem {
  try {
    return parseManifest(key, body);
  } catch (err) {
    if (!(err instanceof ManifestInvalidError)) throw err;
    return { kind: 'invalid-manifest', key, detail: err.reason };
  }
}

/**
 * Verifies every manifest under `prefix` (listed, sorted by key = window order) and the objects
 * they list. `onManifest` is called after each one (progress).
 */
export async function verifyChain(
  sink: ObjectSink,
  prefix: string,
  options: { onManifest?: (key: string, problems: readonly VerifyProblem[]) => void } = {},
): Promise<VerifyReport> {
  const keys = (await sink.list(prefix))
    .map((o) => o.key)
    .filter((k) => k.endsWith('.json'))
    .sort();
  const problems: VerifyProblem[] = [];
  let prev: ChainLink | undefined;
  let objects = 0;
  let rows = 0;
  let bytes = 0;
  let span: { start: number; end: number } | undefined;
  for (const key of keys) {
    const found: VerifyProblem[] = [];
    const body = await sink.get(key);
    const m = parse(key, body);
    if ('kind' in m) {
      found.push(m);
    } else {
      const { start, end } = m.window;
      span = { start: span?.start ?? start, end };
      found.push(...linkProblems(prev, key, m));
      for (const o of m.objects) {
        const problem = await checkObject(sink, o, m.append?.key === o.key ? m.append.position : undefined);
        if (problem) found.push(problem);
        objects++;
        bytes += o.bytes;
      }
      for (const o of m.dirtyObjects) {
        const problem = await checkObject(sink, o, undefined);
        if (problem) found.push(problem);
      }
      rows += m.counts.rows;
      prev = { key, sha256: sha256(body), end };
    }
    problems.push(...found);
    options.onManifest?.(key, found);
  }
  return { manifests: keys.length, objects, rows, bytes, ...(span ? { span } : {}), problems };
}
