/**
 * Golden fixtures for the DataX status rows: what the JDK (fixtures/DataxRows.java) produced for
 * the cases below, recorded once by fixtures/record-golden.ts into fixtures/datax-golden.json, so
 * the tests compare our encoder/decoder with Java's real output without needing a JDK.
 *
 * - encode: Java's HashSet order + JSON text, `String.format("%16d")` time and checkpoint key, and
 *   the `java.util.zip.Deflater` bytes of the shard list.
 * - decode: the bytes OUR encoder produced at recording time and what Java's `Inflater` read from
 *   them. A test asserts our encoder still produces exactly those bytes, so Java's verdict applies.
 */
import { readFileSync } from 'node:fs';

export interface EncodeCase {
  endMs: number;
  shardIds: string[];
}
export interface EncodeGolden extends EncodeCase {
  /** The shard list's JSON text in Java HashSet order. */
  json: string;
  /** `String.format("%16d", endMs)`. */
  time: string;
  /** The checkpoint StatusValue `time + "\t" + shardIds[0]`. */
  key: string;
  /** Deflater output (zlib stream) of `json`, hex. */
  deflateHex: string;
}
export interface DecodeCase {
  shardIds: string[];
}
export interface DecodeGolden extends DecodeCase {
  /** ShardIds_0 as our encoder wrote it at recording time, hex. */
  ourHex: string;
  /** What java.util.zip.Inflater read from those bytes (UTF-8 text). */
  javaInflated: string;
}
export interface Golden {
  _comment: string[];
  jdk: string;
  encode: EncodeGolden[];
  decode: DecodeGolden[];
}

export const SHARDS = [
  'shard1',
  'a6b3-xx',
  '0000001',
  '8f2ee6a1b64f4f3aa6b4c2f6d8a3c1f0',
  'zz9',
  'e1c05ba9-03',
  'Q',
];

/**
 * 100 deterministic ids: `new HashSet` sizes its table to 256 buckets here (not the default 16)
 * and several ids share a bucket, so capacity and in-bucket insertion order are both exercised.
 */
export const MANY_SHARDS = Array.from({ length: 100 }, (_, i) => {
  const h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  return `${h.toString(16).padStart(8, '0')}-${i.toString(36)}`;
});

export const ENCODE_CASES: EncodeCase[] = [
  { endMs: 1444357620415, shardIds: SHARDS },
  { endMs: 1000, shardIds: SHARDS },
  { endMs: 1764000300000, shardIds: ['shard-a', 'shard-b'] },
  { endMs: 0, shardIds: MANY_SHARDS },
];

export const DECODE_CASES: DecodeCase[] = [
  { shardIds: SHARDS },
  { shardIds: ['s1', 's2'] },
  { shardIds: MANY_SHARDS },
];

export const GOLDEN_FILE = new URL('./fixtures/datax-golden.json', import.meta.url);

let cached: Golden | undefined;

export function loadGolden(): Golden {
  cached ??= JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
  return cached;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function goldenEncode(endMs: number, shardIds: readonly string[]): EncodeGolden {
  const found = loadGolden().encode.find((g) => g.endMs === endMs && same(g.shardIds, shardIds));
  if (!found) throw new Error(`no golden encode case for ${endMs} ${shardIds.join(',')}: re-record`);
  return found;
}

export function goldenDecode(shardIds: readonly string[]): DecodeGolden {
  const found = loadGolden().decode.find((g) => same(g.shardIds, shardIds));
  if (!found) throw new Error(`no golden decode case for ${shardIds.join(',')}: re-record`);
  return found;
}
