/** CRC-64/XZ and ETag values against independently known vectors. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  Crc64,
  crc64,
  crc64Combine,
  crc64FromState,
  crc64Tables,
  jsUpdater,
} from '../../../local/oss/crc64.js';
import { wasmUpdater } from '../../../local/oss/crc64Wasm.js';
import { bucketName, clientFor, CONFIGS, startOss } from './helpers.js';

test('CRC-64/XZ check value of "123456789" is 0x995DC9BBDF1939FA (RevEng catalogue)', () => {
  assert.equal(crc64(Buffer.from('123456789')), 0x995dc9bbdf1939fan);
  assert.equal(crc64(Buffer.from('123456789')).toString(), '11051210869376104954');
});

test('CRC-64/XZ of the empty input is 0 and of "a" is the Go crc64.ECMA value', () => {
  assert.equal(crc64(Buffer.alloc(0)), 0n);
  // Go: crc64.Checksum([]byte("a"), crc64.MakeTable(crc64.ECMA)) == 0x330284772e652b05
  assert.equal(crc64(Buffer.from('a')), 0x330284772e652b05n);
});

test('CRC-64/XZ matches the check field xz 5 writes (`xz --check=crc64`)', () => {
  // Block check of `xz --check=crc64` output (little-endian bytes on disk; `xz --list -vv` prints the value).
  assert.equal(crc64(Buffer.from('message digest')), 0x5dbcc956318a9b6fn);
  const pattern = Buffer.alloc(1 << 20);
  for (let i = 0; i < pattern.length; i++) pattern[i] = i % 251;
  assert.equal(crc64(pattern), 0xde6f58a8f88842bcn);
});

test('the WebAssembly loop is available and agrees with the JS loop at every block edge and across its 1 MiB scratch', () => {
  const tables = crc64Tables();
  const wasm = wasmUpdater(tables);
  assert.ok(wasm, 'WebAssembly module instantiates');
  const js = jsUpdater(tables);
  // Edges of the 16-byte steps and of the two-lane 1 KiB blocks, and the 1 MiB scratch.
  const sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 255, 256, 257, 1023, 1024, 1025, 2047, 2067, 4097];
  sizes.push(1024 * 1024, 1024 * 1024 + 13);
  for (const size of [...sizes, 3 * 1024 * 1024 + 5]) {
    // Unaligned views too: the loop reads 16-byte blocks wherever the input starts.
    const data = randomBytes(size + 3).subarray(3);
    const a = Uint32Array.of(0xffffffff, 0xffffffff);
    const b = Uint32Array.of(0xffffffff, 0xffffffff);
    js(a, data);
    wasm(b, data);
    assert.deepEqual([...b], [...a], `${size} bytes`);
  }
  const check = Uint32Array.of(0xffffffff, 0xffffffff);
  wasm(check, Buffer.from('123456789'));
  assert.equal(crc64FromState(check), 0x995dc9bbdf1939fan);
  const digest = Uint32Array.of(0xffffffff, 0xffffffff);
  wasm(digest, Buffer.from('message digest'));
  assert.equal(crc64FromState(digest), 0x5dbcc956318a9b6fn);
});

test('streaming updates at every split point equal the one-shot CRC', () => {
  const data = randomBytes(67);
  const whole = crc64(data);
  for (let cut = 0; cut <= data.length; cut++) {
    assert.equal(new Crc64().update(data.subarray(0, cut)).update(data.subarray(cut)).digest(), whole);
  }
});

test('a stream of random-sized chunks (as sockets deliver them) gives the one-shot JS value', () => {
  const data = randomBytes(5 * 1024 * 1024 + 7);
  const expected = Uint32Array.of(0xffffffff, 0xffffffff);
  jsUpdater(crc64Tables())(expected, data);
  const running = new Crc64();
  for (let offset = 0; offset < data.length;) {
    const n = Math.min(data.length - offset, 1 + Math.floor(Math.random() * 200_000));
    running.update(data.subarray(offset, offset + n));
    offset += n;
  }
  assert.equal(running.digest(), crc64FromState(expected));
});

test('crc64Combine(crc(A), crc(B), |B|) equals crc(A‖B)', () => {
  for (const [a, b] of [
    [0, 5],
    [5, 0],
    [1, 1],
    [1000, 3],
    [7, 100_000],
  ] as const) {
    const A = randomBytes(a);
    const B = randomBytes(b);
    assert.equal(crc64Combine(crc64(A), crc64(B), B.length), crc64(Buffer.concat([A, B])));
  }
});

test('ETags on the wire: MD5 vectors for simple PUT, S3/OSS multipart form for multipart', async () => {
  const server = await startOss();
  try {
    const bucket = bucketName('etag');
    const client = clientFor(server.port, CONFIGS[0]!, bucket);
    await client.putBucket(bucket);
    // RFC 1321 test suite values.
    const vectors: Array<[string, string]> = [
      ['', 'D41D8CD98F00B204E9800998ECF8427E'],
      ['abc', '900150983CD24FB0D6963F7D28E17F72'],
      ['message digest', 'F96B697D7CB7938D525A2F31AAF161D0'],
    ];
    for (const [text, md5] of vectors) {
      const put = await client.put(`md5/${text.length}`, Buffer.from(text));
      assert.equal((put.res.headers as Record<string, string>).etag, `"${md5}"`);
    }
    const part1 = randomBytes(100 * 1024);
    const part2 = Buffer.from('last part');
    const { uploadId } = await client.initMultipartUpload('mp-etag');
    const r1 = await client.uploadPart('mp-etag', uploadId, 1, part1 as never, 0, part1.length);
    const r2 = await client.uploadPart('mp-etag', uploadId, 2, part2 as never, 0, part2.length);
    const done = await client.completeMultipartUpload('mp-etag', uploadId, [
      { number: 1, etag: r1.etag },
      { number: 2, etag: r2.etag },
    ]);
    const md5 = (b: Buffer) => createHash('md5').update(b).digest();
    const expected = `"${createHash('md5')
      .update(Buffer.concat([md5(part1), md5(part2)]))
      .digest('hex')
      .toUpperCase()}-2"`;
    assert.equal((done.res.headers as Record<string, string>).etag, expected);
    // A body of many socket chunks, hashed as they arrive.
    const big = randomBytes(5 * 1024 * 1024 + 17);
    const bigPut = await client.put('big', big);
    assert.equal(
      (bigPut.res.headers as Record<string, string>)['x-oss-hash-crc64ecma'],
      crc64(big).toString(),
    );
    assert.equal(
      (bigPut.res.headers as Record<string, string>).etag,
      `"${createHash('md5').update(big).digest('hex').toUpperCase()}"`,
    );
    assert.deepEqual((await client.get('big')).content, big);
    const head = await client.head('mp-etag');
    assert.equal(
      (head.res.headers as Record<string, string>)['x-oss-hash-crc64ecma'],
      crc64(Buffer.concat([part1, part2])).toString(),
    );
  } finally {
    await server.close();
  }
});
