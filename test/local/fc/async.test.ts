/**
 * Async semantics of the local FC server: retries with backoff then the on-failure destination,
 * max event age, per-function concurrency, injected duplicate and out-of-order delivery, timer
 * triggers with speed-up, and HTTP triggers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import FC from '@alicloud/fc2';
import { KEYS, startFixtureServer, type FixtureServer } from './helpers.js';
import type { InvocationRecord } from '../../../local/fc/admin-client.js';

const asyncInvoke = async (s: FixtureServer, fn: string, body: string) =>
  (await s.fc2.invokeFunction('svc', fn, body, { 'x-fc-invocation-type': 'Async' })).headers[
    'x-fc-request-id'
  ] as string;

const eventsIn = (r: InvocationRecord) => [...r.logs.matchAll(/EVENT (.*)/g)].map((m) => m[1] as string);

describe('local FC async invocations', () => {
  let s: FixtureServer;
  before(async () => {
    s = await startFixtureServer();
  });
  after(() => s.close());

  it('retries a failing event with backoff, then sends FC’s envelope to the on-failure function', async () => {
    const id = await asyncInvoke(s, 'fail', 'payload-1');
    await s.admin.waitIdle(15_000);
    const record = await s.admin.invocation(id);
    assert.equal(record.status, 'failed');
    assert.equal(record.attempts.length, 3, '1 attempt + maxAsyncRetryAttempts 2');
    const [a1, a2, a3] = record.attempts as [
      InvocationRecord['attempts'][0],
      InvocationRecord['attempts'][0],
      InvocationRecord['attempts'][0],
    ];
    assert.ok((a2.startedAt as number) - (a1.endedAt as number) >= 19, 'first backoff ≈ 20 ms');
    assert.ok((a3.startedAt as number) - (a2.endedAt as number) >= 39, 'second backoff doubles');
    assert.equal(a3.errorType, 'HandledInvocationError');
    assert.equal(record.destination?.arn, `acs:fc:cn-shanghai:${s.info.accountId}:functions/sink`);

    const [delivered] = (await s.admin.invocations({ functionName: 'sink', source: 'destination' })).filter(
      (r) => r.logs.includes(id),
    );
    assert.ok(delivered, 'the sink function got a destination invocation');
    const envelope = JSON.parse(eventsIn(delivered)[0] as string);
    assert.equal(envelope.requestContext.requestId, id);
    assert.equal(
      envelope.requestContext.functionArn,
      `acs:fc:cn-shanghai:${s.info.accountId}:functions/fail`,
    );
    assert.equal(envelope.requestContext.condition, 'HandledInvocationError');
    assert.equal(envelope.requestContext.approximateInvokeCount, 3);
    assert.equal(envelope.requestPayload, 'payload-1');
    assert.equal(JSON.parse(envelope.responsePayload).errorMessage, 'fixture failure');
    assert.ok(!Number.isNaN(Date.parse(envelope.timestamp)));
  });

  it('sends a successful result to the on-success destination', async () => {
    const id = await asyncInvoke(s, 'esm', 'fine');
    await s.admin.waitIdle(10_000);
    assert.deepEqual((await s.admin.invocation(id)).destination, {
      arn: `acs:fc:cn-shanghai:${s.info.accountId}:functions/sink`,
      condition: 'Success',
    });
    const delivered = (await s.admin.invocations({ functionName: 'sink', source: 'destination' })).find((r) =>
      r.logs.includes(id),
    );
    const envelope = JSON.parse(eventsIn(delivered as InvocationRecord)[0] as string);
    assert.equal(envelope.requestContext.condition, 'Success');
    assert.equal(envelope.requestContext.approximateInvokeCount, 1);
    assert.equal(envelope.responsePayload, 'esm:fine');
  });

  it('drops an event past its max age to the on-failure (MNS) destination', async () => {
    const id = await asyncInvoke(s, 'aging', 'too-old');
    await s.admin.waitIdle(15_000);
    const record = await s.admin.invocation(id);
    assert.equal(record.status, 'expired');
    assert.ok(
      record.attempts.length >= 2 && record.attempts.length < 9,
      `stopped by age after ${record.attempts.length} attempts, not by retries`,
    );
    assert.deepEqual(record.destination, {
      arn: `acs:mns:cn-shanghai:${s.info.accountId}:/topics/failures/messages`,
      condition: 'MaxEventAgeExceeded',
    });
    const messages = await s.admin.destinations();
    const message = messages.find(
      (m) => (m.body as { requestContext: { requestId: string } }).requestContext.requestId === id,
    );
    assert.ok(message, 'the MNS destination message is kept for inspection');
  });

  it('runs at most `concurrency` async events of a function at once', async () => {
    // Long enough sleeps that instances starting at different moments on a busy machine still overlap.
    const overlap = async (concurrency: number, sleepMs: number) => {
      await s.admin.configureAsync({ concurrency });
      const ids = await Promise.all([1, 2, 3].map(() => asyncInvoke(s, 'echo', `sleep:${sleepMs}`)));
      await s.admin.waitIdle(10_000);
      const spans = await Promise.all(ids.map(async (id) => (await s.admin.invocation(id)).attempts[0]));
      const sorted = spans.sort((a, b) => (a?.startedAt ?? 0) - (b?.startedAt ?? 0));
      return sorted.some((span, i) => i > 0 && (span?.startedAt ?? 0) < (sorted[i - 1]?.endedAt ?? 0));
    };
    assert.equal(await overlap(1, 150), false, 'concurrency 1: one after the other');
    assert.equal(await overlap(3, 800), true, 'concurrency 3: they overlap');
    await s.admin.configureAsync({ concurrency: 8 });
  });

  it('delivers events twice when duplicate delivery is injected', async () => {
    await s.admin.configureAsync({ faults: 'duplicate=1,seed=3' });
    try {
      const id = await asyncInvoke(s, 'record', 'dup-me');
      await s.admin.waitIdle(10_000);
      const record = await s.admin.invocation(id);
      assert.equal(record.deliveries, 2);
      assert.deepEqual(record.attempts.map((a) => a.delivery).sort(), [1, 2]);
      assert.deepEqual(
        eventsIn(record),
        ['dup-me', 'dup-me'],
        'the handler really ran twice for one request',
      );
    } finally {
      await s.admin.configureAsync({ faults: '' });
    }
  });

  it('delivers events out of order when reordering is injected', async () => {
    await s.admin.configureAsync({ faults: 'reorder=0.5,reorderDelayMs=600,seed=11', concurrency: 1 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await asyncInvoke(s, 'record', `n${i}`));
      await s.admin.waitIdle(10_000);
      const records = await Promise.all(ids.map((id) => s.admin.invocation(id)));
      const started = records.map((r) => r.attempts[0]?.startedAt ?? 0);
      assert.ok(
        records.some((r) => r.reorderedByMs),
        'some events were held back',
      );
      assert.ok(
        started.some((t, i) => i > 0 && t < (started[i - 1] as number)),
        'a later event ran before an earlier one',
      );
      assert.ok(
        records.every((r) => r.status === 'succeeded'),
        'reordered, not lost',
      );
    } finally {
      await s.admin.configureAsync({ faults: '', concurrency: 8 });
    }
  });

  it('serves an HTTP trigger with headers, query and a binary body both ways', async () => {
    const body = Buffer.from([0, 1, 2, 250, 255, 10]);
    const res = await fetch(`${s.info.endpoint}/http/web/some/p%20ath?a=1&a=2&b=x`, {
      method: 'POST',
      headers: { 'x-custom': 'yes', 'content-type': 'application/octet-stream' },
      body,
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-echo-method'), 'POST');
    assert.equal(res.headers.get('x-echo-path'), '/some/p ath');
    assert.equal(res.headers.get('x-echo-raw-path'), '/some/p%20ath');
    assert.deepEqual(JSON.parse(res.headers.get('x-echo-query') ?? ''), { a: '1,2', b: 'x' });
    assert.equal(res.headers.get('x-echo-header'), 'yes');
    assert.equal(res.headers.get('x-echo-base64'), 'true');
    assert.ok(res.headers.get('x-fc-request-id'));
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from(body).reverse());

    const text = await fetch(`${s.info.endpoint}/http/web/?q=1`, { headers: { 'x-custom': 'get' } });
    assert.equal(text.headers.get('x-echo-base64'), 'false');
    const later = await fetch(`${s.info.endpoint}/http/web/async`, {
      headers: { 'x-fc-invocation-type': 'Async' },
    });
    assert.equal(later.status, 202);
    await s.admin.waitIdle(10_000);
    const ran = await s.admin.invocation(later.headers.get('x-fc-request-id') as string);
    assert.deepEqual([ran.invocationType, ran.source, ran.status], ['Async', 'http', 'succeeded']);
    assert.equal((await fetch(`${s.info.endpoint}/http/web/`, { method: 'PUT' })).status, 405);
    assert.equal((await fetch(`${s.info.endpoint}/http/echo/`)).status, 404);
  });

  it('checks the FC signature on an HTTP trigger with authType function', async () => {
    const path = '/http/signed/x';
    const unsigned = await fetch(`${s.info.endpoint}${path}`);
    assert.equal(unsigned.status, 401);
    const headers: Record<string, string> = { date: new Date().toUTCString(), 'x-custom': 'signed' };
    const sign = (FC as unknown as { getSignature(...args: unknown[]): string }).getSignature;
    const authorization = sign(KEYS.accessKeyId, KEYS.accessKeySecret, 'GET', path, headers, null);
    const signed = await fetch(`${s.info.endpoint}${path}`, { headers: { ...headers, authorization } });
    assert.equal(signed.status, 201);
    assert.equal(signed.headers.get('x-echo-header'), 'signed');
    const forged = sign(KEYS.accessKeyId, 'not-the-secret', 'GET', path, headers, null);
    assert.equal(
      (await fetch(`${s.info.endpoint}${path}`, { headers: { ...headers, authorization: forged } })).status,
      403,
    );
  });
});

describe('local FC timer triggers', () => {
  it('fires on schedule, sped up, with FC’s timer event', async () => {
    // `@every 1m` at speed 600 → every 100 ms.
    const startedAt = Date.now();
    const s = await startFixtureServer({ timerSpeed: '600', asyncConcurrency: '2' });
    try {
      const [info] = (await s.admin.functions()).filter((f) => f.name === 'record');
      assert.equal(info?.timers[0]?.expression, '@every 1m');
      await new Promise((resolve) => setTimeout(resolve, startedAt + 1050 - Date.now()));
      const fires = (await s.admin.invocations({ functionName: 'record', source: 'timer' })).sort(
        (a, b) => a.receivedAt - b.receivedAt,
      );
      // At speed 1 nothing would fire for a minute; at 600 about ten times, on a busy machine a bit late.
      assert.ok(
        fires.length >= 5 && fires.length <= 11,
        `${fires.length} fires in 1.05 s at 100 ms intervals`,
      );
      const first = (fires[0] as InvocationRecord).receivedAt - startedAt;
      assert.ok(first >= 80, `first fire after ${first} ms, not at once`);
      const span = (fires.at(-1) as InvocationRecord).receivedAt - (fires[0] as InvocationRecord).receivedAt;
      const meanGap = span / (fires.length - 1);
      assert.ok(meanGap >= 50 && meanGap <= 200, `mean gap ${meanGap} ms`);
      await s.admin.waitIdle(10_000).catch(() => {});
      const done = await s.admin.invocation((fires[0] as InvocationRecord).requestId);
      const event = JSON.parse(eventsIn(done)[0] as string);
      assert.deepEqual(Object.keys(event), ['triggerTime', 'triggerName', 'payload']);
      assert.equal(event.triggerName, 'tick');
      assert.equal(event.payload, '{"job":"fixture"}');
      assert.match(event.triggerTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(done.trigger, 'tick');
    } finally {
      await s.close();
    }
  });

  it('fires a timer on demand through the admin API', async () => {
    const s = await startFixtureServer();
    try {
      const id = await s.admin.fireTimer('record', 'tick');
      await s.admin.waitIdle(15_000);
      const record = await s.admin.invocation(id);
      assert.equal(record.source, 'timer');
      assert.equal(JSON.parse(eventsIn(record)[0] as string).triggerName, 'tick');
      assert.equal(
        (await s.admin.invocations({ source: 'timer' })).length,
        1,
        'at speed 1 the schedule itself has not fired yet',
      );
    } finally {
      await s.close();
    }
  });
});
