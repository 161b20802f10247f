/**
 * Acceptance 6 (data): a corrupt stream record fails the window naming the shard and the byte
 * offset, and nothing is committed. The local Tablestore has no admin hook to corrupt a stored
 * record, so the fault is injected on the wire: a loopback proxy in front of it flips the row
 * checksum byte of one record in one GetStreamRecord response (the SDK does not check response
 * MD5s, as the real service's clients don't), and the test shows the fault fired.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { jobConfigFromValue } from '../../../shared/config/index.js';
import { exportWindows } from '../../../shared/export/index.js';
import { CorruptRecordError } from '../../../shared/reader/index.js';
import { readWatermark, readWindow } from '../../../shared/status/index.js';
import { decodeMessage, encodeMessage } from '../../../shared/tablestore/proto/index.js';
import {
  FAST,
  Workload,
  context,
  createTable,
  jobConfigValue,
  nextMinute,
  startEnv,
  type Env,
} from './helpers.js';

interface Corruption {
  /** Set once the proxy altered a response: which record and byte. */
  fired?: { shardIterator: string; recordLength: number; offset: number };
}

/** Forwards everything to `target`; corrupts the first GetStreamRecord response with records. */
function corruptingProxy(target: string, state: Corruption): Promise<Server> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          const parts: Buffer[] = [];
          up.on('data', (c: Buffer) => parts.push(c));
          up.on('end', () => {
            let out = Buffer.concat(parts);
            if (req.url === '/GetStreamRecord' && up.statusCode === 200 && !state.fired) {
              const msg = decodeMessage('GetStreamRecordResponse', out);
              const rec = msg.streamRecords[0];
              if (rec) {
                const bytes = Buffer.from(rec.record);
                const offset = bytes.length - 1; // the row checksum
                bytes[offset] = bytes[offset]! ^ 0x5a;
                rec.record = bytes;
                out = Buffer.from(encodeMessage('GetStreamRecordResponse', msg));
                const iterator = decodeMessage('GetStreamRecordRequest', body).shardIterator;
                state.fired = { shardIterator: iterator, recordLength: bytes.length, offset };
              }
            }
            const headers = { ...up.headers, 'content-length': String(out.length) };
            res.writeHead(up.statusCode ?? 500, headers);
            res.end(out);
          });
        },
      );
      upstream.on('error', (err) => res.destroy(err));
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('a corrupt stream record', { timeout: 60_000 }, () => {
  let env: Env;
  let proxy: Server;
  const state: Corruption = {};

  before(async () => {
    env = await startEnv();
    await createTable(env, 2);
    const t0 = (await nextMinute(env)) - 1_000;
    await new Workload(99, 10, t0).write(env, 20);
    await nextMinute(env);
    proxy = await corruptingProxy(env.tsEndpoint, state);
  });

  after(async () => {
    proxy?.close();
    await env?.close();
  });

  it('fails the window naming the shard and byte offset, and commits nothing', async () => {
    const value = jobConfigValue(env, 'corrupt');
    (value.reader as Record<string, unknown>).endpoint =
      `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const config = jobConfigFromValue(value).config;
    const ctx = await context(config, { ...FAST, batchLimit: 100 });
    const { nowMs } = await env.admin.clock();
    const result = await exportWindows({ config, context: ctx, now: nowMs, windows: 1 });

    assert.ok(state.fired, 'the proxy corrupted a record');
    const err = result.error;
    assert.ok(err instanceof CorruptRecordError, `got ${err?.name}: ${err?.message}`);
    const shardId = Buffer.from(state.fired.shardIterator, 'base64url').toString().split('|')[2]!;
    assert.equal(err.shardId, shardId);
    assert.equal(err.offset, state.fired.offset);
    assert.match(err.message, new RegExp(`shard ${shardId}: .*byte offset ${state.fired.offset}`));

    const w = result.windows[0]!;
    assert.equal(w.state, 'failed');
    const row = await readWindow(ctx.status, {
      job: 'corrupt',
      run: 'live',
      start: w.window.startMillis,
      end: w.window.endMillis,
    });
    assert.equal(row?.state, 'failed');
    assert.equal(row?.error?.code, 'STREAM_RECORD_CORRUPT');
    assert.match(row?.error?.message ?? '', new RegExp(`shard ${shardId}.*offset ${state.fired.offset}`));
    assert.equal(await readWatermark(ctx.status, 'corrupt', 'live'), undefined, 'watermark not advanced');
    const listed = await env.oss.listV2({ prefix: 'out/corrupt/', 'max-keys': 10 });
    assert.equal((listed.objects ?? []).length, 0, 'no final object');
    const manifests = await env.oss.listV2({ prefix: '_ots2oss/corrupt/manifests/', 'max-keys': 10 });
    assert.equal((manifests.objects ?? []).length, 0, 'no manifest');
  });
});
