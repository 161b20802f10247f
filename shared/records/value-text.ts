/**
 * DataX's value-to-text rules (reference §3.5), for csv and text output: integers in decimal,
 * doubles as `new BigDecimal(String.valueOf(d)).toPlainString()` (never an exponent: 1.0E10 →
 * `10000000000`, 1.0 → `1.0`), booleans `true`/`false`, strings exactly as stored (never
 * trimmed). Binary is base64 by default (lossless); UTF-8 only when asked, and bytes that are not
 * valid UTF-8 are then reported rather than silently replaced.
 */
import type { FieldValue } from './types.js';

/** Java's `Double.toString` followed by `BigDecimal.toPlainString`, from the shortest round-trip digits. */
export function doubleToText(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return '0.0'; // BigDecimal has no negative zero
  const sign = d < 0 ? '-' : '';
  const abs = Math.abs(d);
  const [mant = '', expText = '0'] = abs.toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (abs >= 1e-3 && abs < 1e7) {
    // Java prints these in plain notation with at least one fraction digit; BigDecimal keeps it.
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      return `${sign}${int}.${digits.slice(exp + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  // Java: "d.dddE±n" with at least one fraction digit; BigDecimal(that): unscaled = all digits,
  // scale = fraction digits − n; toPlainString pads with zeros instead of using an exponent.
  const unscaled = digits.length > 1 ? digits : `${digits}0`;
  const scale = unscaled.length - 1 - exp;
  if (scale <= 0) return `${sign}${unscaled}${'0'.repeat(-scale)}`;
  if (scale >= unscaled.length) return `${sign}0.${'0'.repeat(scale - unscaled.length)}${unscaled}`;
  return `${sign}${unscaled.slice(0, unscaled.length - scale)}.${unscaled.slice(unscaled.length - scale)}`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Thrown for a value that cannot be rendered as asked; callers turn it into a dirty record. */
export class UnwritableValueError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnwritableValueError';
  }
}

export function bytesToText(bytes: Uint8Array, byteEncoding: 'base64' | 'utf8'): string {
  if (byteEncoding === 'base64')
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new UnwritableValueError(
      'binary value is not valid UTF-8 (byteEncoding "utf8"); use byteEncoding "base64"',
    );
  }
}

/** Text of a non-null value by DataX's rules; null is the format's `nullFormat`, decided there. */
export function valueToText(v: Exclude<FieldValue, null>, byteEncoding: 'base64' | 'utf8'): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return doubleToText(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return bytesToText(v, byteEncoding);
  }
}
