import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AppendConflictError,
  MemoryObjectSink,
  ObjectConflictError,
  appendExactlyOnce,
  crc64,
  writeFinalObjects,
  type MergeSource,
} from '../../../shared/oss/index.js';
import { finalObjectName } from '../../../shared/naming/index.js';
import { withFaults } from './fault-sink.js';

async function stage(sink: MemoryObjectSink, bodies: Buffer[], prefix = 'stage/'): Promise<MergeSource[]> {
  const out: MergeSource[] = [];
  for (const [i, b] of bodies.entries()) {
    await sink.put(`${prefix}${i}`, b);
    out.push({ key: `${prefix}${i}`, size: b.length, crc64: crc64(b), rows: 1 });
  }
  return out;
}

const base = {
  maxFileSize: 1 << 20,
  partSize: 100 * 1024,
  objectKey: (part: number) => `w/1/part-${part - 1}`,
};

test('nonConflict: a re-run over identical objects succeeds without writing', async () => {
  const sink = new MemoryObjectSink();
  const sources = await stage(sink, [randomBytes(500), randomBytes(700)]);
  const first = await writeFinalObjects(sink, sources, { ...base, mode: 'nonConflict' });
  assert.deepEqual(
    first.map((o) => o.existed),
    [false],
  );
  const puts = sink.calls.put;
  const again = await writeFinalObjects(sink, sources, { ...base, mode: 'nonConflict' });
  assert.deepEqual(
    again.map((o) => o.existed),
    [true],
  );
  assert.equal(sink.calls.put, puts, 'nothing was written the second time');
});

test('nonConflict: different content under the name is a clear ObjectConflictError', async () => {
  const sink = new MemoryObjectSink();
  const sources = await stage(sink, [randomBytes(500)]);
  await sink.put('w/1/part-0', randomBytes(500));
  await assert.rejects(writeFinalObjects(sink, sources, { ...base, mode: 'nonConflict' }), (err: unknown) => {
    assert.ok(err instanceof ObjectConflictError);
    assert.match(err.message, /w\/1\/part-0.*different content/);
    return true;
  });
});

test('truncate: replaces the window and removes its stale objects only', async () => {
  const sink = new MemoryObjectSink();
  await sink.put('w/1/part-0', Buffer.from('old'));
  await sink.put('w/1/part-7', Buffer.from('stale from a bigger run'));
  await sink.put('w/10/part-0', Buffer.from('another window'));
  const body = randomBytes(900);
  const sources = await stage(sink, [body]);
  await writeFinalObjects(sink, sources, { ...base, mode: 'truncate', stalePrefix: 'w/1/' });
  assert.ok((await sink.get('w/1/part-0')).equals(body));
  assert.equal(await sink.head('w/1/part-7'), undefined);
  assert.ok(await sink.head('w/10/part-0'), 'a window whose name merely shares a prefix string survives');
});

test('append: exactly once at the recorded position; a retry after a crash appends only the rest', async () => {
  const inner = new MemoryObjectSink();
  await inner.append('daily.csv', 0, Buffer.from('earlier windows\n'));
  const position = 16;
  const crcBefore = crc64(Buffer.from('earlier windows\n'));
  const bodies = [randomBytes(3000), randomBytes(5000)];
  const sources = await stage(inner, bodies);
  // The first attempt dies after its first append (chunks of 4 KiB: 2 appends needed).
  const crashing = withFaults(inner, {
    append: (_args, n) => (n === 2 ? new Error('process killed') : undefined),
  });
  await assert.rejects(
    appendExactlyOnce(crashing, 'daily.csv', sources, { position, chunkSize: 4096, crc64Before: crcBefore }),
    /process killed/,
  );
  assert.deepEqual(crashing.injected, ['append#2']);
  assert.equal((await inner.head('daily.csv'))?.size, position + 4096, 'half the window is in');
  const retry = await appendExactlyOnce(inner, 'daily.csv', sources, {
    position,
    chunkSize: 4096,
    crc64Before: crcBefore,
  });
  assert.equal(retry.alreadyPresent, 4096);
  assert.equal(retry.appended, 8000 - 4096);
  const again = await appendExactlyOnce(inner, 'daily.csv', sources, {
    position,
    chunkSize: 4096,
    crc64Before: crcBefore,
  });
  assert.equal(again.appended, 0, 'a retry that finds position + length does nothing');
  const expected = Buffer.concat([Buffer.from('earlier windows\n'), ...bodies]);
  assert.ok((await inner.get('daily.csv')).equals(expected));
});

test('append: an object grown past this window by someone else is a conflict, not a silent append', async () => {
  const sink = new MemoryObjectSink();
  const sources = await stage(sink, [randomBytes(10)]);
  await sink.append('a.csv', 0, randomBytes(50));
  await assert.rejects(appendExactlyOnce(sink, 'a.csv', sources, { position: 0 }), AppendConflictError);
  await assert.rejects(appendExactlyOnce(sink, 'a.csv', sources, { position: 60 }), AppendConflictError);
  // Same length but different bytes than recorded: caught by the CRC check.
  const other = new MemoryObjectSink();
  const s2 = await stage(other, [Buffer.from('abc')]);
  await other.append('b.csv', 0, Buffer.from('xyz'));
  await assert.rejects(
    appendExactlyOnce(other, 'b.csv', s2, { position: 0, crc64Before: '0' }),
    AppendConflictError,
  );
});

test('truncate with shared/naming names: a window sharing a daily prefix keeps the other window', async () => {
  const sink = new MemoryObjectSink();
  const job = {
    name: 'orders',
    instance: 'inst',
    table: 't',
    objectTemplate: 'inst/t/{yyyy}{MM}{dd}',
    timeZone: 'UTC',
  };
  const w1 = { startMillis: 1_764_000_000_000, endMillis: 1_764_000_300_000 };
  const w2 = { startMillis: 1_764_000_300_000, endMillis: 1_764_000_600_000 };
  const stalePrefix = (w: typeof w1) => finalObjectName(job, w, 1, '.csv').replace(/\d{6}\.csv$/, '');
  const opts = (w: typeof w1) => ({
    mode: 'truncate' as const,
    maxFileSize: 1000,
    partSize: 100 * 1024,
    objectKey: (part: number) => finalObjectName(job, w, part, '.csv'),
    stalePrefix: stalePrefix(w),
  });
  // Window 1 once wrote three parts; window 2 lives under the same daily prefix.
  for (const part of [1, 2, 3]) await sink.put(finalObjectName(job, w1, part, '.csv'), Buffer.from('old'));
  await sink.put(finalObjectName(job, w2, 1, '.csv'), Buffer.from('window 2'));
  const sources = await stage(sink, [randomBytes(600)]);
  const written = await writeFinalObjects(sink, sources, opts(w1));
  assert.deepEqual(
    written.map((o) => o.key),
    [finalObjectName(job, w1, 1, '.csv')],
  );
  assert.equal(await sink.head(finalObjectName(job, w1, 2, '.csv')), undefined);
  assert.equal(await sink.head(finalObjectName(job, w1, 3, '.csv')), undefined);
  assert.equal((await sink.get(finalObjectName(job, w2, 1, '.csv'))).toString(), 'window 2');
});
