/**
 * A peer for `npm run bench -- oss`: the least work any OSS-compatible server must do on a PUT,
 * the MD5 of the body (the ETag, and the Content-MD5 check ali-oss asks for). It drains PUT bodies
 * while hashing them on a worker lane (the same `local/oss/md5Offload.ts` the server uses, so
 * the MD5 overlaps with receiving, the most favourable way), and streams GET bodies like the bare
 * peer. No auth, XML, CRC-64 or storage: its PUT ratio against the bare peer is an upper bound
 * for ours on the same machine.
 */
import http from 'node:http';
import { startMd5 } from '../local/oss/md5Offload.js';

const SIZE = Number(process.argv[2]);
const chunk = Buffer.alloc(1024 * 1024, 7);

function drainHashing(req: http.IncomingMessage): Promise<Buffer> {
  const md5 = startMd5(Number(req.headers['content-length'] ?? 0));
  return new Promise((resolve, reject) => {
    req.on('data', (data: Buffer) => {
      const full = md5.update(data);
      if (!full) return;
      req.pause();
      full.then(() => req.resume(), reject);
    });
    req.on('end', () => md5.digest().then(resolve, reject));
    req.on('error', reject);
  });
}

const server = http.createServer({ insecureHTTPParser: true }, (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Length': SIZE, 'Content-Type': 'application/octet-stream' });
    let left = SIZE;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  drainHashing(req).then(
    (md5) => {
      const sent = req.headers['content-md5'];
      const ok = sent === undefined || sent === md5.toString('base64');
      res.writeHead(ok ? 200 : 400, { 'Content-Length': 0, ETag: `"${md5.toString('hex').toUpperCase()}"` });
      res.end();
    },
    () => res.destroy(),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${address.port}`);
});
