import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FinalizeError,
  MANIFEST_FORMAT,
  manifestBytes,
  planObjects,
  sha256,
  type Manifest,
} from '../../../shared/export/index.js';
import { writeManifest } from '../../../shared/export/manifest.js';
import { MemoryObjectSink, crc64 } from '../../../shared/oss/index.js';

const part = (key: string, text: string, rows = 1) => ({
  key,
  rows,
  bytes: Buffer.byteLength(text),
  crc64: crc64(Buffer.from(text)),
});

describe('planObjects', () => {
  it('concatenates partials in order behind one header, splitting between partials at maxBytes', () => {
    const header = { bytes: Buffer.from('h\n'), crc64: crc64(Buffer.from('h\n')) };
    const parts = [part('a', 'aaaa\n', 1), part('b', 'bb\n', 1), part('c', 'cccccc\n', 2)];
    const planned = planObjects(parts, { header, maxBytes: 10, keyOf: (n) => `obj-${n}` });
    assert.deepEqual(
      planned.map((o) => [o.key, o.sources.map((s) => s.key), o.rows, o.bytes]),
      [
        ['obj-1', ['a', 'b'], 2, 2 + 5 + 3],
        ['obj-2', ['c'], 2, 2 + 7],
      ],
    );
    assert.equal(planned[0]!.crc64, crc64(Buffer.from('h\naaaa\nbb\n')), 'CRC-64 derived from the partials');
    assert.equal(planned[1]!.crc64, crc64(Buffer.from('h\ncccccc\n')));
  });

  it('a partial larger than maxBytes stands alone', () => {
    const planned = planObjects([part('a', 'x'.repeat(50)), part('b', 'y')], {
      header: undefined,
      maxBytes: 10,
      keyOf: String,
    });
    assert.deepEqual(
      planned.map((o) => o.sources.length),
      [1, 1],
    );
  });
});

describe('manifest', () => {
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    job: 'j',
    run: 'live',
    instance: 'i',
    table: 't',
    window: { start: 0, end: 60_000 },
    fileFormat: 'csv',
    writeMode: 'truncate',
    objects: [{ key: 'o', rows: 1, bytes: 2, crc64: '3' }],
    dirtyObjects: [],
    counts: { rows: 1, late: 0, dirty: 0, bytes: 2, shards: 1 },
    checkpoints: { iterator: 1, shardEnd: 0, trimHorizon: 0 },
    append: null,
    previous: null,
  };

  it('is a pure function of its content, and its hash is the SHA-256 of its bytes', () => {
    assert.ok(manifestBytes(manifest).equals(manifestBytes({ ...manifest })));
    assert.equal(sha256(manifestBytes(manifest)).length, 64);
  });

  it('is created once: the same content again is success, different content an error', async () => {
    const sink = new MemoryObjectSink();
    const first = await writeManifest(sink, 'm.json', manifest);
    assert.deepEqual(await writeManifest(sink, 'm.json', manifest), first);
    assert.equal(first.replaced, false);
    await assert.rejects(
      writeManifest(sink, 'm.json', { ...manifest, counts: { ...manifest.counts, rows: 2 } }),
      FinalizeError,
    );
    assert.ok((await sink.get('m.json')).equals(manifestBytes(manifest)));
  });
});
