import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { SyncError } from '../../../shared/errors.js';
import { createFormatter, type TextOptions } from '../../../shared/formats/index.js';
import type { OutputColumn, OutputRow } from '../../../shared/records/index.js';

const columns: OutputColumn[] = ['id', 'name', 'score', 'ok', 'blob'].map((name) => ({
  name,
  role: { kind: 'attribute' },
}));
const text: TextOptions = {
  encoding: 'UTF-8',
  nullFormat: 'null',
  fieldDelimiter: ',',
  lineDelimiter: '\n',
  header: false,
  compression: 'none',
  byteEncoding: 'base64',
};

async function render(format: 'csv' | 'text', rows: OutputRow[], opts: Partial<TextOptions> = {}) {
  const chunks: Uint8Array[] = [];
  const f = createFormatter({ format, columns, ...text, ...opts }, { write: (c) => void chunks.push(c) });
  const dirty = await f.write(rows);
  const stats = await f.finish();
  return { bytes: Buffer.concat(chunks), dirty, stats, f };
}

test('csv quotes per RFC 4180, keeps spaces, and writes DataX value text', async () => {
  const { bytes, stats } = await render('csv', [
    [1n, '  Ann, "the" first\n', 1e10, true, new Uint8Array([1, 2, 3])],
    [2n, 'plain', 1, false, null],
  ]);
  assert.equal(
    bytes.toString('utf8'),
    '1,"  Ann, ""the"" first\n",10000000000,true,AQID\n2,plain,1.0,false,null\n',
  );
  assert.deepEqual(stats, { rows: 2, bytes: bytes.length, dirty: 0 });
});

test('csv keeps an empty string distinct from a null written with an empty nullFormat', async () => {
  const { bytes } = await render('csv', [[1n, '', null, null, null]], { nullFormat: '' });
  assert.equal(bytes.toString(), '1,"",,,\n');
});

test('a header of column names or a given list, in front of the rows', async () => {
  assert.equal(
    (await render('csv', [[1n, 'a', null, null, null]], { header: true })).bytes.toString(),
    'id,name,score,ok,blob\n1,a,null,null,null\n',
  );
  assert.equal(
    (await render('text', [], { header: ['A', 'B'], fieldDelimiter: '\t' })).bytes.toString(),
    'A\tB\n',
  );
});

test('a header name the encoding cannot hold is an error, never a silent "?"', async () => {
  await assert.rejects(
    render('csv', [], { header: ['名前', '😀'], encoding: 'GBK' }),
    (e: unknown) =>
      e instanceof SyncError && e.code === 'HEADER_UNWRITABLE' && /"😀" character U\+1F600/.test(e.message),
  );
});

test('text joins values with the delimiter and the line delimiter, as DataX', async () => {
  const { bytes } = await render('text', [[1n, 'x y', 2.5, true, null]], {
    fieldDelimiter: '|',
    lineDelimiter: '\r\n',
  });
  assert.equal(bytes.toString(), '1|x y|2.5|true|null\r\n');
});

test('text reports a value holding the delimiter or a line break as dirty instead of corrupting the line', async () => {
  const row: OutputRow = [1n, 'a|b', null, null, null];
  const { bytes, dirty, stats } = await render('text', [row, [2n, 'ok', null, null, null]], {
    fieldDelimiter: '|',
  });
  assert.equal(bytes.toString(), '2|ok|null|null|null\n');
  assert.equal(dirty.length, 1);
  assert.equal(dirty[0]!.row, row);
  assert.equal(dirty[0]!.column, 'name');
  assert.match(dirty[0]!.reason, /field delimiter or a line break/);
  assert.equal(stats.dirty, 1);
});

test('GBK output: encodable text is written in GBK, a character GBK lacks makes the row dirty with the reason', async () => {
  const { bytes, dirty } = await render(
    'csv',
    [
      [1n, '中文名', null, null, null],
      [2n, 'smile 😀', null, null, null],
    ],
    { encoding: 'GBK' },
  );
  assert.equal(iconv.decode(bytes, 'gbk'), '1,中文名,null,null,null\n');
  assert.deepEqual(bytes.subarray(2, 8), iconv.encode('中文名', 'gbk'));
  assert.equal(dirty.length, 1);
  assert.equal(dirty[0]!.column, 'name');
  assert.match(dirty[0]!.reason, /character U\+1F600 "😀" cannot be encoded in GBK/);
});

test('GB18030 encodes every Unicode character, so the same row is clean there', async () => {
  const { bytes, dirty } = await render('csv', [[2n, 'smile 😀', null, null, null]], { encoding: 'GB18030' });
  assert.equal(dirty.length, 0);
  assert.equal(iconv.decode(bytes, 'gb18030'), '2,smile 😀,null,null,null\n');
});

test('UTF-8 output reports an unpaired surrogate instead of writing a replacement character', async () => {
  const { dirty, stats } = await render('csv', [[1n, 'bad \ud800 end', null, null, null]]);
  assert.equal(dirty.length, 1);
  assert.match(dirty[0]!.reason, /unpaired UTF-16 surrogate/);
  assert.equal(stats.rows, 0);
});

test('binary as UTF-8 when asked; invalid UTF-8 bytes are dirty', async () => {
  const { bytes, dirty } = await render(
    'csv',
    [
      [1n, null, null, null, Buffer.from('héllo')],
      [2n, null, null, null, new Uint8Array([0xc3])],
    ],
    { byteEncoding: 'utf8' },
  );
  assert.equal(bytes.toString(), '1,null,null,null,héllo\n');
  assert.equal(dirty.length, 1);
  assert.equal(dirty[0]!.column, 'blob');
});

test('gzip output is one gzip stream that decompresses to the plain output, with the .gz extension', async () => {
  const rows: OutputRow[] = Array.from({ length: 5000 }, (_, i) => [
    BigInt(i),
    `name-${i}`,
    i / 3,
    i % 2 === 0,
    null,
  ]);
  const plain = await render('csv', rows);
  const gz = await render('csv', rows, { compression: 'gzip' });
  assert.equal(gz.f.extension, '.csv.gz');
  assert.equal(plain.f.extension, '.csv');
  assert.ok(gz.bytes.length < plain.bytes.length / 3);
  assert.deepEqual(gunzipSync(gz.bytes), plain.bytes);
  assert.equal(gz.stats.bytes, gz.bytes.length);
});

test('output streams in bounded chunks as rows are written, before finish', async () => {
  const chunks: number[] = [];
  const f = createFormatter(
    { format: 'csv', columns, ...text },
    { write: (c) => void chunks.push(c.byteLength) },
  );
  const row: OutputRow = [1n, 'x'.repeat(1000), null, null, null];
  for (let i = 0; i < 20; i++) await f.write(Array.from({ length: 100 }, () => row));
  assert.ok(chunks.length >= 5, `expected several chunks before finish, got ${chunks.length}`);
  assert.ok(Math.max(...chunks) < 400 * 1024);
  await f.finish();
  assert.equal(
    chunks.reduce((a, b) => a + b, 0),
    20 * 100 * '1,'.length + 20 * 100 * (1000 + ',null,null,null\n'.length),
  );
});

test('a formatter cannot be used after finish', async () => {
  const { f } = await render('csv', []);
  await assert.rejects(f.write([]), /already finished/);
});
