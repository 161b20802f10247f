import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { fcEventParser, fcEventParserValidateOptions } from '../../../shared/middlewares/fc-event-parser.js';
import { InvalidEventError } from '../../../shared/middlewares/errors.js';
import { fcContext, httpEventBuffer } from './helpers.js';

const echo = () => middy((event: unknown) => event).use(fcEventParser());

test('a Buffer event from an async invoke becomes its JSON value', async () => {
  const event = await echo()(Buffer.from('{"window":{"end":1700000000000},"shards":["s1"]}'), fcContext());
  assert.deepEqual(event, { window: { end: 1700000000000 }, shards: ['s1'] });
});

test('an HTTP trigger event arrives as a Buffer too and becomes the event object', async () => {
  const buffer = httpEventBuffer({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"from":1}',
  });
  const event = (await echo()(buffer, fcContext())) as {
    requestContext: { http: { method: string } };
    body: string;
  };
  assert.equal(event.requestContext.http.method, 'POST');
  assert.equal(event.body, '{"from":1}');
});

test('a timer event keeps its payload as the raw string FC sent', async () => {
  const raw = { triggerTime: '2026-11-25T08:00:00Z', triggerName: 'every-5m', payload: '{"job":"a"}' };
  assert.deepEqual(await echo()(Buffer.from(JSON.stringify(raw)), fcContext()), raw);
});

test('a string event is parsed and an object passes through unchanged', async () => {
  assert.deepEqual(await echo()('{"a":1}', fcContext()), { a: 1 });
  const object = { already: 'parsed' };
  assert.equal(await echo()(object, fcContext()), object);
});

test('an empty Buffer becomes the configured empty event', async () => {
  assert.deepEqual(await echo()(Buffer.alloc(0), fcContext()), {});
  const handler = middy((event: unknown) => event).use(fcEventParser({ emptyEvent: null }));
  assert.equal(await handler(Buffer.from('  '), fcContext()), null);
});

test('bytes that are not JSON fail with INVALID_EVENT and the parse reason', async () => {
  await assert.rejects(echo()(Buffer.from('not json'), fcContext()), (err: unknown) => {
    assert.ok(err instanceof InvalidEventError);
    assert.equal(err.code, 'INVALID_EVENT');
    assert.match(err.message, /^event is not valid JSON \(8 chars\): /);
    return true;
  });
});

test('a __proto__ key in the event is dropped', async () => {
  const event = (await echo()(Buffer.from('{"__proto__":{"polluted":true},"a":1}'), fcContext())) as object;
  assert.equal(Object.hasOwn(event, '__proto__'), false);
  assert.equal(({} as { polluted?: boolean }).polluted, undefined);
});

test('an unknown option is rejected when the middleware is built', () => {
  assert.throws(() => fcEventParserValidateOptions({ emptyEvnt: {} }), /emptyEvnt/);
  assert.throws(() => fcEventParser({ emptyEvnt: {} } as never), /emptyEvnt/);
});
