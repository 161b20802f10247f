/** Listing pages (binary-searched) against a naive reference, on random keys with multi-byte characters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listPage } from '../../../local/oss/actions/listing.js';

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The listing rules spelled out with no shortcuts: filter, roll up, dedupe, cut. */
function naive(keys: string[], prefix: string, delimiter: string, marker: string, maxKeys: number) {
  const entries: Array<{ kind: 'key' | 'prefix'; value: string }> = [];
  for (const key of [...keys].sort(byteOrder)) {
    if (!key.startsWith(prefix) || byteOrder(key, marker) <= 0) continue;
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (at < 0) {
      entries.push({ kind: 'key', value: key });
      continue;
    }
    const common = key.slice(0, at + delimiter.length);
    if (byteOrder(common, marker) <= 0 || entries.some((e) => e.kind === 'prefix' && e.value === common))
      continue;
    entries.push({ kind: 'prefix', value: common });
  }
  const page = entries.slice(0, maxKeys);
  return {
    items: page.filter((e) => e.kind === 'key').map((e) => e.value),
    prefixes: page.filter((e) => e.kind === 'prefix').map((e) => e.value),
    truncated: entries.length > maxKeys,
  };
}

test('listPage equals the naive listing for random keys, prefixes, delimiters and markers', () => {
  let seed = 7; // mulberry32: every bit usable (an LCG's low bits would repeat)
  const rnd = (n: number) => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const alphabet = ['a', 'b', '/', '-', 'é', '😀', 'z'];
  const word = (max: number) =>
    Array.from({ length: rnd(max) }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let round = 0; round < 300; round++) {
    const keys = [...new Set(Array.from({ length: 1 + rnd(60) }, () => word(6) || 'a'))];
    const sorted = [...keys].sort(byteOrder);
    const prefix = rnd(3) === 0 ? '' : word(2);
    const delimiter = rnd(2) === 0 ? '' : rnd(2) === 0 ? '/' : '😀';
    const marker = rnd(2) === 0 ? '' : word(4);
    const maxKeys = 1 + rnd(8);
    const page = listPage(sorted, (k) => k, { prefix, delimiter, marker, maxKeys });
    const expected = naive(keys, prefix, delimiter, marker, maxKeys);
    const context = JSON.stringify({ keys: sorted, prefix, delimiter, marker, maxKeys });
    assert.deepEqual(
      { items: page.items, prefixes: page.prefixes, truncated: page.truncated },
      expected,
      context,
    );
    // Paging with the returned marker walks the whole listing exactly once.
    const all = naive(keys, prefix, delimiter, '', 1e9);
    const seen: string[] = [];
    let next = '';
    for (let guard = 0; guard < 1000; guard++) {
      const p = listPage(sorted, (k) => k, { prefix, delimiter, marker: next, maxKeys });
      seen.push(...p.items, ...p.prefixes);
      if (!p.truncated) break;
      next = p.last!;
    }
    assert.deepEqual([...seen].sort(byteOrder), [...all.items, ...all.prefixes].sort(byteOrder), context);
  }
});
