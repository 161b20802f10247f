/**
 * Output encodings. UTF-8 via Buffer, GBK and GB18030 via iconv-lite. iconv-lite replaces a
 * character it cannot encode with `?`, so a value is checked by a round trip (only when it has
 * non-ASCII characters) and reported instead of being silently altered.
 */
import iconv from 'iconv-lite';
import type { OutputEncoding } from '../config/types.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NON_ASCII = /[\u0080-\uffff]/;

export interface Charset {
  readonly name: OutputEncoding;
  encode(text: string): Uint8Array;
  /** Why `text` cannot be written in this encoding, or undefined when it can. */
  problem(text: string): string | undefined;
}

function iconvCharset(name: 'GBK' | 'GB18030'): Charset {
  const codec = name.toLowerCase();
  return {
    name,
    encode: (text) => iconv.encode(text, codec),
    problem(text) {
      if (!NON_ASCII.test(text)) return undefined;
      if (LONE_SURROGATE.test(text))
        return 'contains an unpaired UTF-16 surrogate, which no encoding can write';
      if (iconv.decode(iconv.encode(text, codec), codec) === text) return undefined;
      for (const ch of text) {
        if (iconv.decode(iconv.encode(ch, codec), codec) !== ch) {
          const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
          return `character U+${cp} "${ch}" cannot be encoded in ${name}`;
        }
      }
      return `cannot be encoded in ${name}`;
    },
  };
}

const utf8: Charset = {
  name: 'UTF-8',
  encode: (text) => Buffer.from(text, 'utf8'),
  problem: (text) =>
    NON_ASCII.test(text) && LONE_SURROGATE.test(text)
      ? 'contains an unpaired UTF-16 surrogate, which UTF-8 cannot write'
      : undefined,
};

export function charsetFor(encoding: OutputEncoding): Charset {
  return encoding === 'UTF-8' ? utf8 : iconvCharset(encoding);
}
