import { test } from 'node:test';
import assert from 'node:assert/strict';
import middy from '@middy/core';
import { z } from 'zod';
import { inputValidator, validateInput } from '../../../shared/middlewares/input-validator.js';
import { InvalidInputError } from '../../../shared/middlewares/errors.js';
import { fcContext } from './helpers.js';

const shardEvent = z.strictObject({
  windowEnd: z.number().int().positive(),
  shards: z.array(z.string().min(1)).min(1),
  epoch: z.number().int().default(0),
});

test('a valid event reaches the handler parsed, defaults applied', async () => {
  const handler = middy((event: unknown) => event).use(inputValidator({ schema: shardEvent }));
  assert.deepEqual(await handler({ windowEnd: 5, shards: ['a'] }, fcContext()), {
    windowEnd: 5,
    shards: ['a'],
    epoch: 0,
  });
});

test('an invalid event fails with INVALID_INPUT naming every bad field', async () => {
  const handler = middy((event: unknown) => event).use(inputValidator({ schema: shardEvent }));
  await assert.rejects(
    handler({ windowEnd: 'soon', shards: [''], extra: 1 }, fcContext()),
    (err: unknown) => {
      assert.ok(err instanceof InvalidInputError);
      assert.equal(err.code, 'INVALID_INPUT');
      assert.deepEqual(err.issues.map((i) => i.path).sort(), ['', 'shards.0', 'windowEnd']);
      assert.match(err.message, /windowEnd: /);
      assert.match(err.message, /shards\.0: /);
      assert.match(err.message, /extra/);
      return true;
    },
  );
});

test('with target body it checks event.body and paths start with body', async () => {
  const schema = z.strictObject({ from: z.string(), to: z.string() });
  const handler = middy((event: { body: unknown }) => event.body).use(
    inputValidator({ schema, target: 'body' }),
  );
  assert.deepEqual(await handler({ body: { from: 'a', to: 'b' } }, fcContext()), { from: 'a', to: 'b' });
  await assert.rejects(handler({ body: { from: 'a' } }, fcContext()), /invalid input: body\.to: /);
});

test('validateInput caps the listed issues', () => {
  const schema = z.array(z.number());
  assert.throws(() => validateInput(schema, ['a', 'b', 'c', 'd', 'e', 'f', 'g']), /; and 2 more$/);
});

test('a schema that is not zod is rejected when the middleware is built', () => {
  assert.throws(() => inputValidator({ schema: { parse: () => 1 } as never }), /zod schema/);
});
