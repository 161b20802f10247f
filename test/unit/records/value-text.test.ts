import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doubleToText, UnwritableValueError, valueToText } from '../../../shared/records/index.js';

// Expected strings are what Java prints for new BigDecimal(String.valueOf(d)).toPlainString().
const doubles: Array<[number, string]> = [
  [1, '1.0'],
  [1.5, '1.5'],
  [-1.5, '-1.5'],
  [100, '100.0'],
  [123.456, '123.456'],
  [0.001, '0.001'],
  [0.1 + 0.2, '0.30000000000000004'],
  [1234567, '1234567.0'],
  [9999999, '9999999.0'],
  [1e7, '10000000'],
  [12345678.9, '12345678.9'],
  [1e10, '10000000000'],
  [-2.5e12, '-2500000000000'],
  [0.0001, '0.00010'],
  [1e-5, '0.000010'],
  [1.23e-5, '0.0000123'],
  [1.5e-7, '0.00000015'],
  [0, '0.0'],
  [-0, '0.0'],
  [NaN, 'NaN'],
  [Infinity, 'Infinity'],
  [-Infinity, '-Infinity'],
];

for (const [d, text] of doubles) {
  test(`double ${String(d)} is written as ${text}, never with an exponent`, () => {
    assert.equal(doubleToText(d), text);
  });
}

test('large doubles keep every significant digit and no exponent', () => {
  const max = doubleToText(Number.MAX_VALUE);
  assert.match(max, /^179769313486231570{292}$/);
});

test('integers, booleans and strings follow DataX; strings are never trimmed', () => {
  assert.equal(valueToText(-9223372036854775808n, 'base64'), '-9223372036854775808');
  assert.equal(valueToText(true, 'base64'), 'true');
  assert.equal(valueToText(false, 'base64'), 'false');
  assert.equal(valueToText('  padded\t', 'base64'), '  padded\t');
});

test('binary is base64 by default and UTF-8 only when asked', () => {
  const bytes = new Uint8Array([0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd]);
  assert.equal(valueToText(bytes, 'base64'), '5L2g5aW9');
  assert.equal(valueToText(bytes, 'utf8'), '你好');
});

test('binary that is not UTF-8 is reported when UTF-8 is asked, never replaced', () => {
  assert.throws(
    () => valueToText(new Uint8Array([0xff, 0x00]), 'utf8'),
    (e: unknown) => e instanceof UnwritableValueError && /not valid UTF-8/.test(e.message),
  );
});
