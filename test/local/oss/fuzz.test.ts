/**
 * Fuzz: ≥ 10,000 malformed or mutated requests (seeded, loopback only, bounded in count and time)
 * against the server in a child process with --data-dir. The server must never crash, never
 * answer 500 (an unhandled failure inside an action), and still serve correctly afterwards.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SIGNED_SUBRESOURCES } from '../../../local/oss/auth/subresources.js';
import { CREDS } from './helpers.js';
import { killChild, startChildOss, type ChildOss } from './childServer.js';

const REQUESTS = 10_000;
const TIME_LIMIT_MS = 90_000;
const CONCURRENCY = 16;
const SEED = Number(process.env.OSS_FUZZ_SEED ?? 20261125);

const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
  buildCanonicalString(
    m: string,
    r: string,
    req: { headers: Record<string, string>; parameters?: unknown },
  ): string;
  computeSignature(s: string, c: string): string;
  authorizationV4(
    id: string,
    secret: string,
    region: string,
    method: string,
    req: { headers: Record<string, string>; queries: Record<string, string | null> },
    bucket?: string,
    key?: string,
  ): string;
};

const v4Date = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** mulberry32: small seeded PRNG so a failing run can be replayed with OSS_FUZZ_SEED. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

const BUCKET = 'fuzz-bucket';
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'];
const GOOD_KEYS = ['a.txt', 'dir/b.bin', 'x', 'app.log', 'mp.bin', 'a%2Fb', '..%2F..', '%00', '%E4%B8%AD'];
const BAD_KEYS = ['%FF', '%E2%82', 'k'.repeat(1030), '%5C', '%', '%D8%00'];
const SUBS = [...SIGNED_SUBRESOURCES]
  .slice(0, 40)
  .concat([
    'list-type',
    'max-keys',
    'marker',
    'prefix',
    'delimiter',
    'key-marker',
    'max-parts',
    'part-number-marker',
    'encoding-type',
    'continuation-token',
    'start-after',
  ]);
const VALUES = [
  '',
  '0',
  '1',
  '2',
  '-1',
  '10001',
  '99999999999999999999',
  'abc',
  'url',
  '%00',
  '%FF',
  'true',
  'DEADBEEF',
  '/',
];
const HEADERS = [
  ['content-md5', 'AAAAAAAAAAAAAAAAAAAAAA=='],
  ['content-md5', 'garbage'],
  ['range', 'bytes=0-0'],
  ['range', 'bytes=-5'],
  ['range', 'bytes=9-1'],
  ['range', 'bytes=abc'],
  ['x-oss-range-behavior', 'standard'],
  ['if-match', '"X"'],
  ['if-none-match', '*'],
  ['if-modified-since', 'not a date'],
  ['if-unmodified-since', 'Thu, 01 Jan 1970 00:00:00 GMT'],
  ['x-oss-forbid-overwrite', 'true'],
  ['x-oss-copy-source', `/${BUCKET}/a.txt`],
  ['x-oss-copy-source', '/nobucket/x'],
  ['x-oss-copy-source', 'garbage'],
  ['x-oss-copy-source', `/${BUCKET}/%FF`],
  ['x-oss-copy-source-range', 'bytes=0-1'],
  ['x-oss-copy-source-range', 'bytes=5-1'],
  ['x-oss-metadata-directive', 'REPLACE'],
  ['x-oss-metadata-directive', 'BOGUS'],
  ['x-oss-object-acl', 'public-read'],
  ['x-oss-object-acl', 'nope'],
  ['x-oss-acl', 'weird'],
  ['x-oss-storage-class', 'IA'],
  ['x-oss-meta-a', 'b'],
  ['x-oss-complete-all', 'yes'],
  ['content-type', 'application/xml'],
  ['x-oss-callback', 'e30='],
] as const;
const BODIES = [
  '',
  'hello',
  '<Delete><Object><Key>a.txt</Key></Object></Delete>',
  '<Delete><Quiet>true</Quiet></Delete>',
  '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"X"</ETag></Part></CompleteMultipartUpload>',
  '<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>',
  '<CreateBucketConfiguration><StorageClass>IA</StorageClass></CreateBucketConfiguration>',
  '<<<>>>',
  '<a>&bogus;</a>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><Delete><Object><Key>&e;</Key></Object></Delete>',
];

interface Outcome {
  status: number;
}

const dirs: string[] = [];
let server: ChildOss | undefined;
after(async () => {
  await killChild(server);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test(
  `fuzz: ${REQUESTS} mutated requests never crash the server (seed ${SEED})`,
  { timeout: 150_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oss-fuzz-'));
    dirs.push(dir);
    server = await startChildOss(dir);
    let stderr = '';
    server.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const rnd = prng(SEED);

    const send = (
      method: string,
      path: string,
      headers: Record<string, string>,
      body: string,
    ): Promise<Outcome> =>
      new Promise((resolve) => {
        try {
          const req = request(
            { host: '127.0.0.1', port: server!.port, method, path, headers, agent },
            (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
              res.on('error', () => resolve({ status: -1 }));
            },
          );
          req.on('error', () => resolve({ status: -1 }));
          req.end(body === '' ? undefined : body);
        } catch {
          resolve({ status: -2 }); // the client refused to send it (invalid header or path)
        }
      });

    const rawGarbage = (): Promise<Outcome> =>
      new Promise((resolve) => {
        const socket = connect(server!.port, '127.0.0.1');
        const junk = rnd.pick([
          () => Buffer.from(Array.from({ length: 1 + rnd.int(300) }, () => rnd.int(256))),
          () => Buffer.from(`PUT /${BUCKET}/a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort`),
          () => Buffer.from(`GET /${BUCKET}/${'%'.repeat(rnd.int(10))} HTTP/1.1\r\nHost: x\r\n\r\n`),
          () => Buffer.from(`POST /${BUCKET}/a?append HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n`),
          () => Buffer.from('GET / HTTP/1.1\r\n' + 'X-Long: ' + 'a'.repeat(20_000) + '\r\n\r\n'),
        ])();
        socket.on('connect', () => {
          socket.write(junk);
          setTimeout(() => socket.destroy(), 5);
        });
        socket.on('close', () => resolve({ status: 0 }));
        socket.on('error', () => undefined);
      });

    const mutated = (): Promise<Outcome> => {
      const method = rnd.pick(METHODS);
      const bucket = rnd.chance(0.9) ? BUCKET : rnd.pick(['', 'no-such-bucket', 'BAD_NAME', 'ab']);
      const rawKey = rnd.chance(0.15) ? '' : rnd.pick(rnd.chance(0.8) ? GOOD_KEYS : BAD_KEYS);
      const query: Array<[string, string]> = [];
      for (let i = rnd.int(3); i > 0; i--)
        query.push([rnd.pick(SUBS), rnd.chance(0.5) ? '' : rnd.pick(VALUES)]);
      const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString() };
      for (let i = rnd.int(4); i > 0; i--) {
        const [name, value] = rnd.pick(HEADERS);
        headers[name] = value;
      }
      const body = rnd.pick(BODIES);
      // Always framed: Node sends a GET/DELETE body with neither length nor chunking otherwise.
      if (method === 'PUT' || method === 'POST' || body !== '')
        headers['content-length'] = String(Buffer.byteLength(body));
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey);
      } catch {
        /* sent as is; the server must reject it */
      }
      const parameters: Record<string, string | null> = {};
      for (const [k, v] of query) if (SIGNED_SUBRESOURCES.has(k)) parameters[k] = v === '' ? null : v;
      const resource = bucket === '' ? '/' : `/${bucket}/${key}`;
      const secret = rnd.chance(0.05) ? 'wrong' : CREDS.accessKeySecret;
      if (rnd.chance(0.3)) {
        // V4, signed by ali-oss's own code over every query parameter.
        headers['x-oss-date'] = v4Date();
        headers['x-oss-content-sha256'] = 'UNSIGNED-PAYLOAD';
        const queries: Record<string, string | null> = {};
        for (const [k, v] of query) queries[k] = v === '' && SIGNED_SUBRESOURCES.has(k) ? null : v;
        headers.authorization = signUtils.authorizationV4(
          CREDS.accessKeyId,
          secret,
          'cn-hangzhou',
          method,
          { headers, queries },
          bucket || undefined,
          bucket ? key : undefined,
        );
      } else {
        const canonical = signUtils.buildCanonicalString(method, resource, { headers, parameters });
        headers.authorization = `OSS ${CREDS.accessKeyId}:${signUtils.computeSignature(secret, canonical)}`;
      }
      // Mutations after signing exercise authentication and parsing.
      if (rnd.chance(0.05))
        headers.authorization = rnd.pick([
          'OSS',
          'OSS :',
          'OSS4-HMAC-SHA256 Credential=x',
          'OSS4-HMAC-SHA256 Credential=a/20260101/r/oss/aliyun_v4_request,Signature=00',
          '',
        ]);
      if (rnd.chance(0.03)) delete headers['x-oss-date'];
      const qs = query.map(([k, v]) => (v === '' && rnd.chance(0.5) ? k : `${k}=${v}`)).join('&');
      const path = (bucket === '' ? '/' : `/${bucket}/${rawKey}`) + (qs ? `?${qs}` : '');
      return send(method, path, headers, body);
    };

    // Seed some state so mutated requests find objects, uploads and appendables.
    const seedReq = (
      method: string,
      key: string,
      query: string,
      parameters: Record<string, string | null>,
      body = '',
    ) => {
      const headers: Record<string, string> = {
        'x-oss-date': new Date().toUTCString(),
        'content-length': String(body.length),
      };
      const canonical = signUtils.buildCanonicalString(
        method,
        key === '' ? `/${BUCKET}/` : `/${BUCKET}/${key}`,
        { headers, parameters },
      );
      headers.authorization = `OSS ${CREDS.accessKeyId}:${signUtils.computeSignature(CREDS.accessKeySecret, canonical)}`;
      return send(method, `/${BUCKET}/${key}${query}`, headers, body);
    };
    assert.equal((await seedReq('PUT', '', '', {})).status, 200);
    assert.equal((await seedReq('PUT', 'a.txt', '', {}, 'seed')).status, 200);
    assert.equal(
      (await seedReq('POST', 'app.log', '?append&position=0', { append: null, position: '0' }, 'x')).status,
      200,
    );
    assert.equal((await seedReq('POST', 'mp.bin', '?uploads', { uploads: null })).status, 200);

    const statuses = new Map<number, number>();
    const started = Date.now();
    let sent = 0;
    let raw = 0;
    const worker = async () => {
      while (sent < REQUESTS && Date.now() - started < TIME_LIMIT_MS) {
        const isRaw = rnd.chance(0.05);
        if (isRaw) raw += 1;
        const outcome = isRaw ? await rawGarbage() : await mutated();
        if (!isRaw && outcome.status !== -2) sent += 1;
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    const summary = JSON.stringify(Object.fromEntries(statuses));
    assert.ok(sent >= REQUESTS, `sent ${sent} requests in ${Date.now() - started} ms: ${summary}`);
    assert.equal(server.child.exitCode, null, `server exited: ${stderr}`);
    assert.equal(statuses.get(500) ?? 0, 0, `internal errors: ${summary}\n${stderr}`);
    assert.ok(!/unexpected failure/.test(stderr), stderr);
    // Still serving: a valid read of the seeded object.
    const fresh = new Agent({ keepAlive: false });
    const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString() };
    headers.authorization = `OSS ${CREDS.accessKeyId}:${signUtils.computeSignature(CREDS.accessKeySecret, signUtils.buildCanonicalString('GET', `/${BUCKET}/x`, { headers }))}`;
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: server!.port, path: `/${BUCKET}/x`, headers, agent: fresh },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    assert.ok(status === 200 || status === 404, `after fuzz: ${status}`);
    console.log(
      `fuzz: ${sent} requests + ${raw} raw connections in ${Date.now() - started} ms, statuses ${summary}`,
    );
  },
);
