/**
 * The few Java behaviours DataX's status rows depend on, reproduced so our bytes equal theirs:
 * `String.format("%16d")`, the iteration order of `new HashSet<String>(list)` (DataX serialises the
 * job's shard set in that order) and Gson's default (HTML-safe) string escaping.
 */

/** `String.format("%16d", n)`: right-aligned, space-padded to 16 characters, never truncated. */
export function formatJavaTime(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`time ${ms} is not an integer millisecond value`);
  return String(ms).padStart(16, ' ');
}

/** `String.hashCode()`: s[0]*31^(n-1) + … over UTF-16 code units, in int32 arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function tableSizeFor(cap: number): number {
  let n = 1;
  while (n < cap && n < 1 << 30) n *= 2;
  return n;
}

/**
 * Iteration order of `new HashSet<String>(list)` on Java 8+: bucket index `(h ^ h>>>16) & (cap-1)`
 * ascending, insertion order within a bucket; capacity `tableSizeFor(max((int)(n/.75f)+1, 16))`.
 * (Bins of 8+ colliding ids would be treeified by Java; shard ids never collide that much.)
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  const unique = [...new Set(items)];
  const cap = tableSizeFor(Math.max(Math.trunc(Math.fround(items.length / Math.fround(0.75))) + 1, 16));
  const buckets = new Map<number, string[]>();
  for (const item of unique) {
    const h = javaStringHash(item);
    const index = (h ^ (h >>> 16)) & (cap - 1);
    const bucket = buckets.get(index);
    if (bucket) bucket.push(item);
    else buckets.set(index, [item]);
  }
  return [...buckets.keys()].sort((a, b) => a - b).flatMap((k) => buckets.get(k) ?? []);
}

const GSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '=': '\\u003d',
  "'": '\\u0027',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function gsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const escaped = GSON_ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** `new GsonBuilder().create().toJson(List<String>)`: compact, HTML-safe escaping. */
export function gsonStringArray(items: readonly string[]): string {
  return '[' + items.map(gsonString).join(',') + ']';
}
