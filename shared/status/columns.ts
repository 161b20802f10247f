/** Column read/write helpers shared by the row codecs: typed reads that name the bad column. */
import { StatusRowCorruptError } from './errors.js';
import type { AttrValue, Attrs } from './store.js';

type Put = (name: string, value: AttrValue | undefined) => void;

export function builder(): { attrs: Attrs; put: Put } {
  const attrs: Attrs = {};
  return { attrs, put: (name, value) => void (value !== undefined && (attrs[name] = value)) };
}

export class Reader {
  constructor(
    private readonly attrs: Attrs,
    private readonly what: string,
  ) {}
  str(name: string): string {
    const v = this.attrs[name];
    if (typeof v !== 'string')
      throw new StatusRowCorruptError(this.what, `${name} is missing or not a string`);
    return v;
  }
  optStr(name: string): string | undefined {
    return this.attrs[name] === undefined ? undefined : this.str(name);
  }
  int(name: string): number {
    const v = this.attrs[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new StatusRowCorruptError(this.what, `${name} is missing or not an integer`);
    }
    return v;
  }
  optInt(name: string): number | undefined {
    return this.attrs[name] === undefined ? undefined : this.int(name);
  }
  bool(name: string): boolean {
    const v = this.attrs[name];
    if (typeof v !== 'boolean')
      throw new StatusRowCorruptError(this.what, `${name} is missing or not a boolean`);
    return v;
  }
  json<T>(name: string): T {
    try {
      return JSON.parse(this.str(name)) as T;
    } catch (err) {
      if (err instanceof StatusRowCorruptError) throw err;
      throw new StatusRowCorruptError(this.what, `${name} is not JSON`, { cause: err });
    }
  }
  optJson<T>(name: string): T | undefined {
    return this.attrs[name] === undefined ? undefined : this.json<T>(name);
  }
}

export function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  what: string,
  column: string,
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new StatusRowCorruptError(what, `${column} "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}
