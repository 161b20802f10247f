import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  MIN_PART_SIZE,
  MemoryObjectSink,
  crc64,
  groupIntoObjects,
  mergePartials,
  planObject,
  planSegments,
  segmentOf,
  segmentsCrc64,
  type MergeSource,
  type Segment,
} from '../../../shared/oss/index.js';

/** Deterministic pseudo-random sizes (LCG) so failures reproduce. */
function sizes(seed: number, n: number, max: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % 3 === 0 ? (x % max) + MIN_PART_SIZE : x % (MIN_PART_SIZE / 2);
  });
}

test('plans keep every non-last part ≥ 100 KB and cover the bytes exactly, in order (200 random cases)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const segs: Segment[] = sizes(seed, 1 + (seed % 9), 600_000).map((size, i) => ({
      key: `p${i}`,
      start: seed % 3,
      end: Math.max(seed % 3, size),
    }));
    const plan = planObject(segs, { partSize: 256 * 1024, copyThreshold: 150_000 });
    const covered = planSegments(plan);
    // Coverage: concatenating the planned segments gives back the input segments byte for byte.
    const expand = (list: Segment[]) =>
      list.filter((s) => s.end > s.start).map((s) => `${s.key}:${s.start}-${s.end}`);
    const merged: string[] = [];
    for (const s of covered) {
      const last = merged.at(-1);
      const [k, r] = last ? last.split(':') : [];
      const [a, b] = r ? r.split('-').map(Number) : [];
      if (last && k === s.key && b === s.start) merged[merged.length - 1] = `${k}:${a}-${s.end}`;
      else merged.push(`${s.key}:${s.start}-${s.end}`);
    }
    assert.deepEqual(merged, expand(segs), `seed ${seed}`);
    if (plan.kind === 'multipart') {
      const partSizes = plan.parts.map((p) => (p.kind === 'copy' ? p.source.end - p.source.start : p.size));
      partSizes
        .slice(0, -1)
        .forEach((n, i) => assert.ok(n >= MIN_PART_SIZE, `seed ${seed}: part ${i + 1} is ${n} bytes`));
      assert.ok(
        plan.parts.every((p) => p.kind === 'copy' || p.size <= 256 * 1024),
        `seed ${seed}: an uploaded part exceeds partSize`,
      );
    } else {
      assert.ok(plan.size <= 256 * 1024);
    }
  }
});

test('objects split at maxFileSize between partials, never inside one', () => {
  const src = (key: string, size: number): MergeSource => ({ key, size });
  const groups = groupIntoObjects(
    [src('a', 40), src('b', 50), src('c', 20), src('d', 200), src('e', 1)],
    100,
  );
  assert.deepEqual(
    groups.map((g) => g.map((s) => s.key)),
    [['a', 'b'], ['c'], ['d'], ['e']],
  );
  assert.deepEqual(groupIntoObjects([], 100), []);
  assert.deepEqual(
    groupIntoObjects([{ key: 'h', size: 30, skip: 20 }, src('x', 95)], 100).map((g) => g.length),
    [1, 1],
  );
});

test('merging concatenates small partials and joins large ones server-side; bytes are exact', async () => {
  const sink = new MemoryObjectSink();
  const header = Buffer.from('id,name\n');
  const bodies = [
    randomBytes(30_000),
    randomBytes(400_000),
    randomBytes(7),
    randomBytes(250_000),
    randomBytes(90_000),
  ];
  const sources: MergeSource[] = [];
  for (const [i, body] of bodies.entries()) {
    const bytes = Buffer.concat([header, body]);
    await sink.put(`stage/p${i}`, bytes);
    // Every partial repeats the header; all but the first skip it.
    sources.push({
      key: `stage/p${i}`,
      size: bytes.length,
      crc64: crc64(bytes),
      rows: i + 1,
      ...(i > 0 ? { skip: header.length } : {}),
    });
  }
  const merged = await mergePartials(sink, sources, {
    maxFileSize: 10 << 20,
    partSize: 128 * 1024,
    copyThreshold: 200_000,
    objectKey: (i) => `final/part-${i - 1}.csv`,
  });
  const expected = Buffer.concat([header, ...bodies]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]?.rows, 15);
  assert.equal(merged[0]?.crc64, crc64(expected), 'the derived CRC equals the CRC of the bytes');
  assert.ok((await sink.get('final/part-0.csv')).equals(expected));
  assert.ok((sink.calls.uploadPartCopy ?? 0) >= 2, 'the two large partials were copied server-side');
  assert.ok((sink.calls.uploadPart ?? 0) >= 1, 'small ones were uploaded as concatenated parts');
});

test('a window of small partials becomes one PUT per object, split at maxFileSize', async () => {
  const sink = new MemoryObjectSink();
  const bodies = Array.from({ length: 6 }, () => randomBytes(1000));
  const sources = [];
  for (const [i, b] of bodies.entries()) {
    await sink.put(`s/${i}`, b);
    sources.push({ key: `s/${i}`, size: b.length, crc64: crc64(b), rows: 1 });
  }
  const merged = await mergePartials(sink, sources, {
    maxFileSize: 2500,
    partSize: MIN_PART_SIZE,
    objectKey: (i) => `f/${i - 1}`,
  });
  assert.deepEqual(
    merged.map((m) => [m.key, m.size, m.rows]),
    [
      ['f/0', 2000, 2],
      ['f/1', 2000, 2],
      ['f/2', 2000, 2],
    ],
  );
  assert.equal(sink.calls.initMultipart, undefined);
  assert.ok((await sink.get('f/1')).equals(Buffer.concat(bodies.slice(2, 4))));
});

test('segmentOf rejects a skip beyond the object', () => {
  assert.throws(() => segmentOf({ key: 'k', size: 3, skip: 4 }), RangeError);
});

test('with skipCrc64 known, the merged CRC is derived without reading any partial back', async () => {
  const sink = new MemoryObjectSink();
  const header = Buffer.from('a,b\n');
  const bodies = [randomBytes(500), randomBytes(600), randomBytes(700)];
  const sources: MergeSource[] = [];
  for (const [i, body] of bodies.entries()) {
    const bytes = Buffer.concat([header, body]);
    await sink.put(`h/${i}`, bytes);
    sources.push({
      key: `h/${i}`,
      size: bytes.length,
      crc64: crc64(bytes),
      skip: header.length,
      skipCrc64: crc64(header),
    });
  }
  const gets = sink.calls.get ?? 0;
  const crc = await segmentsCrc64(sink, sources.map(segmentOf), sources);
  assert.equal(crc, crc64(Buffer.concat(bodies)));
  assert.equal(sink.calls.get ?? 0, gets, 'no GET was needed');
});
