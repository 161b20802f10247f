/** Raw HTTP cases the ali-oss client cannot produce, signed with ali-oss's own signing code. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { bucketName, CREDS, rawRequest, startOss, xmlField, type RawRequest } from './helpers.js';

let server: Awaited<ReturnType<typeof startOss>>;
const bucket = bucketName('raw');
const send = (r: Omit<RawRequest, 'bucket'> & { bucket?: string }) =>
  rawRequest(server.port, { bucket, ...r });

before(async () => {
  server = await startOss();
  assert.equal((await send({ method: 'PUT', path: '' })).status, 200);
});
after(() => server.close());

const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
  buildCanonicalString(m: string, r: string, req: { headers: Record<string, string> }): string;
  computeSignature(s: string, c: string): string;
};
const sign = (method: string, key: string, date: string) =>
  `OSS ${CREDS.accessKeyId}:${signUtils.computeSignature(CREDS.accessKeySecret, signUtils.buildCanonicalString(method, `/${bucket}/${key}`, { headers: { 'x-oss-date': date } }))}`;

/** Writes a raw HTTP/1.1 request and returns everything the server sent until it closed. */
function rawSocket(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

function assertError(
  res: { status: number; body: string; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  assert.equal(res.status, status, res.body);
  assert.equal(xmlField(res.body, 'Code'), code);
  assert.equal(xmlField(res.body, 'RequestId'), res.headers['x-oss-request-id']);
}

test('a bad signature gets SignatureDoesNotMatch with the string to sign', async () => {
  const res = await send({ method: 'GET', path: 'x.txt', secret: 'wrong-secret' });
  assertError(res, 403, 'SignatureDoesNotMatch');
  assert.equal(xmlField(res.body, 'OSSAccessKeyId'), 'local-access-key-id');
  assert.ok(xmlField(res.body, 'SignatureProvided'));
  assert.match(
    xmlField(res.body, 'StringToSign')!,
    new RegExp(`^GET\\n\\n\\n.*\\nx-oss-date:.*\\n/${bucket}/x.txt$`),
  );
});

test('no credentials → AccessDenied; a malformed Authorization → InvalidArgument', async () => {
  assertError(await send({ method: 'GET', path: 'x.txt', secret: null }), 403, 'AccessDenied');
  assertError(
    await send({ method: 'GET', path: 'x.txt', secret: null, headers: { authorization: 'OSS nocolon' } }),
    400,
    'InvalidArgument',
  );
  assertError(
    await send({ method: 'GET', path: 'x.txt', secret: null, headers: { authorization: 'Bearer x' } }),
    400,
    'InvalidArgument',
  );
});

test('HEAD errors have an empty body and the XML in x-oss-err', async () => {
  const res = await send({ method: 'HEAD', path: 'missing.txt' });
  assert.equal(res.status, 404);
  assert.equal(res.body, '');
  const xml = Buffer.from(String(res.headers['x-oss-err']), 'base64').toString('utf8');
  assert.equal(xmlField(xml, 'Code'), 'NoSuchKey');
});

test('malformed XML bodies are 400 MalformedXML', async () => {
  for (const body of [
    '<Delete><Object><Key>a</Key></Object>',
    'not xml at all',
    '',
    '<Delete><Quiet>true</Quiet></Delete>',
  ]) {
    const res = await send({
      method: 'POST',
      path: '',
      query: 'delete',
      subres: { delete: null },
      body,
      headers: { 'content-type': 'application/xml' },
    });
    assertError(res, 400, 'MalformedXML');
  }
  const init = await send({ method: 'POST', path: 'mx.bin', query: 'uploads', subres: { uploads: null } });
  const uploadId = xmlField(init.body, 'UploadId')!;
  const res = await send({
    method: 'POST',
    path: 'mx.bin',
    query: `uploadId=${uploadId}`,
    subres: { uploadId },
    body: '<CompleteMultipartUpload><Part>',
  });
  assertError(res, 400, 'MalformedXML');
});

test('part numbers outside 1..10000 are 400 InvalidArgument; unknown upload ids are 404 NoSuchUpload', async () => {
  const init = await send({ method: 'POST', path: 'pn.bin', query: 'uploads', subres: { uploads: null } });
  const uploadId = xmlField(init.body, 'UploadId')!;
  for (const n of ['0', '10001', 'abc', '-1', '']) {
    const res = await send({
      method: 'PUT',
      path: 'pn.bin',
      query: `partNumber=${n}&uploadId=${uploadId}`,
      subres: { partNumber: n, uploadId },
      body: 'x',
    });
    assertError(res, 400, 'InvalidArgument');
  }
  const ok = await send({
    method: 'PUT',
    path: 'pn.bin',
    query: `partNumber=10000&uploadId=${uploadId}`,
    subres: { partNumber: '10000', uploadId },
    body: 'x',
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.etag, '"9DD4E461268C8034F5C8564E155C67A6"');
  const bogus = 'DEADBEEF';
  const cases: Array<Omit<RawRequest, 'bucket'>> = [
    {
      method: 'PUT',
      path: 'pn.bin',
      query: `partNumber=1&uploadId=${bogus}`,
      subres: { partNumber: '1', uploadId: bogus },
      body: 'x',
    },
    { method: 'GET', path: 'pn.bin', query: `uploadId=${bogus}`, subres: { uploadId: bogus } },
    { method: 'DELETE', path: 'pn.bin', query: `uploadId=${bogus}`, subres: { uploadId: bogus } },
    {
      method: 'POST',
      path: 'pn.bin',
      query: `uploadId=${bogus}`,
      subres: { uploadId: bogus },
      body: '<CompleteMultipartUpload/>',
    },
    // An existing id used on another key is unknown there.
    { method: 'GET', path: 'other.bin', query: `uploadId=${uploadId}`, subres: { uploadId } },
  ];
  for (const c of cases) {
    const res = await send(c);
    assertError(res, 404, 'NoSuchUpload');
  }
});

test('invalid object names are 400 InvalidObjectName', async () => {
  assertError(await send({ method: 'PUT', path: 'k'.repeat(1024), body: 'x' }), 400, 'InvalidObjectName');
  assertError(await send({ method: 'PUT', path: '%5Cbackslash', body: 'x' }), 400, 'InvalidObjectName');
  assertError(
    await send({ method: 'PUT', path: '%FF%FE', resourceKey: 'x', body: 'x' }),
    400,
    'InvalidObjectName',
  );
  assert.equal((await send({ method: 'PUT', path: 'k'.repeat(1023), body: 'x' })).status, 200);
  const keys = '<Delete><Object><Key></Key></Object></Delete>';
  assertError(
    await send({ method: 'POST', path: '', query: 'delete', subres: { delete: null }, body: keys }),
    400,
    'InvalidObjectName',
  );
});

test('Content-MD5 mismatch is rejected and nothing is stored', async () => {
  const res = await send({
    method: 'PUT',
    path: 'md5.txt',
    body: 'hello',
    headers: { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' },
  });
  assertError(res, 400, 'InvalidDigest');
  assertError(await send({ method: 'GET', path: 'md5.txt' }), 404, 'NoSuchKey');
});

test('PUT without any length is 411; standard range past the end is 416', async () => {
  const date = new Date().toUTCString();
  const reply = await rawSocket(
    `PUT /${bucket}/nolen.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nx-oss-date: ${date}\r\nAuthorization: ${sign('PUT', 'nolen.txt', date)}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(reply, /^HTTP\/1\.1 411/);
  assert.match(reply, /<Code>MissingContentLength<\/Code>/);
  await send({ method: 'PUT', path: 'r.txt', body: '0123' });
  assertError(
    await send({
      method: 'GET',
      path: 'r.txt',
      headers: { range: 'bytes=10-', 'x-oss-range-behavior': 'standard' },
    }),
    416,
    'InvalidRange',
  );
  const cut = await send({
    method: 'GET',
    path: 'r.txt',
    headers: { range: 'bytes=2-10', 'x-oss-range-behavior': 'standard' },
  });
  assert.equal(cut.status, 206);
  assert.equal(cut.body, '23');
});

test('unknown sub-resources are 501 and a bucket PUT with one creates no bucket', async () => {
  await send({ method: 'PUT', path: 't.txt', body: 't' });
  assertError(
    await send({ method: 'GET', path: 't.txt', query: 'tagging', subres: { tagging: null } }),
    501,
    'NotImplemented',
  );
  const other = bucketName('lifecycle');
  const res = await rawRequest(server.port, {
    bucket: other,
    method: 'PUT',
    path: '',
    query: 'lifecycle',
    subres: { lifecycle: null },
    body: '<x/>',
  });
  assertError(res, 501, 'NotImplemented');
  assertError(
    await rawRequest(server.port, {
      bucket: other,
      method: 'GET',
      path: '',
      query: 'bucketInfo',
      subres: { bucketInfo: null },
    }),
    404,
    'NoSuchBucket',
  );
  assertError(await send({ method: 'PATCH', path: 't.txt' }), 405, 'MethodNotAllowed');
});

test('Content-Length together with chunked encoding is read as chunked (as ali-oss sends it)', async () => {
  const date = new Date().toUTCString();
  // Drive the raw socket: both headers, chunked body.
  const reply = await rawSocket(
    `PUT /${bucket}/chunked.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nx-oss-date: ${date}\r\nAuthorization: ${sign('PUT', 'chunked.txt', date)}\r\n` +
      'Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  );
  assert.match(reply, /^HTTP\/1\.1 200/);
  assert.equal((await send({ method: 'GET', path: 'chunked.txt' })).body, 'hello');
});

test('an upload cut off mid-body stores nothing and the server keeps serving', async () => {
  const date = new Date().toUTCString();
  await new Promise<void>((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(
        `PUT /${bucket}/cut.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nx-oss-date: ${date}\r\nContent-Length: 1000000\r\n\r\n`,
      );
      socket.write(Buffer.alloc(1000));
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 50);
    });
    socket.on('error', () => resolve());
  });
  await new Promise((r) => setTimeout(r, 50));
  assertError(await send({ method: 'GET', path: 'cut.bin' }), 404, 'NoSuchKey');
});

test('requests without credentials reach only what an ACL makes public', async () => {
  await send({ method: 'PUT', path: 'private.txt', body: 'p' });
  await send({
    method: 'PUT',
    path: 'shared.txt',
    body: 's',
    headers: { 'x-oss-object-acl': 'public-read' },
  });
  assertError(await send({ method: 'GET', path: 'private.txt', secret: null }), 403, 'AccessDenied');
  const shared = await send({ method: 'GET', path: 'shared.txt', secret: null });
  assert.equal(shared.status, 200);
  assert.equal(shared.body, 's');
  assertError(
    await send({ method: 'PUT', path: 'shared.txt', body: 'x', secret: null }),
    403,
    'AccessDenied',
  );
  assertError(await send({ method: 'GET', path: '', secret: null }), 403, 'AccessDenied');
  const open = bucketName('public');
  await rawRequest(server.port, {
    bucket: open,
    method: 'PUT',
    path: '',
    headers: { 'x-oss-acl': 'public-read-write' },
  });
  const anonymousPut = await rawRequest(server.port, {
    bucket: open,
    method: 'PUT',
    path: 'drop.txt',
    body: 'anon',
    secret: null,
  });
  assert.equal(anonymousPut.status, 200);
  const listed = await rawRequest(server.port, { bucket: open, method: 'GET', path: '', secret: null });
  assert.equal(xmlField(listed.body, 'Key'), 'drop.txt');
  assertError(
    await rawRequest(server.port, { bucket: open, method: 'DELETE', path: '', secret: null }),
    403,
    'AccessDenied',
  );
});
