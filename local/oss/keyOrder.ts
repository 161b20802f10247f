/** Key order of OSS listings: UTF-8 byte order (= code point order). */
const hasSurrogate = /[\ud800-\udfff]/;

/** Plain `<` compares UTF-16 units, which differs from byte order only around surrogates. */
export function compareKeys(a: string, b: string): number {
  if (!hasSurrogate.test(a) && !hasSurrogate.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
