/**
 * In-memory StatusStore with the Tablestore semantics the ledger relies on (row existence, column
 * checks on the latest value, byte-ordered StatusValue scans). Used by unit tests and by one-off
 * CLI runs that keep no status table; the integration suite runs the same ledger on Tablestore.
 */
import { ConditionFailedError } from './errors.js';
import {
  describeKey,
  rangeBounds,
  type AttrValue,
  type Attrs,
  type ColumnCheck,
  type RowChange,
  type ScanOptions,
  type StatusKey,
  type StatusRow,
  type StatusStore,
  type ValueRange,
  type WriteCondition,
} from './store.js';

const SEP = '\u0000';

function compareValues(a: AttrValue, b: AttrValue): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return Buffer.compare(a, b);
  return undefined; // different types never compare (the check fails)
}

/** Evaluates a column check against a row's attributes, as Tablestore's SingleColumnValueFilter does. */
export function evaluateCheck(check: ColumnCheck, attrs: Attrs): boolean {
  if ('and' in check) return check.and.every((c) => evaluateCheck(c, attrs));
  if ('or' in check) return check.or.some((c) => evaluateCheck(c, attrs));
  const actual = attrs[check.column];
  if (actual === undefined) return check.passIfMissing ?? false;
  const cmp = compareValues(actual, check.value);
  if (cmp === undefined) return false;
  switch (check.op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

export class MemoryStatusStore implements StatusStore {
  private readonly rows = new Map<string, StatusRow>();

  async ensureTable(): Promise<void> {}

  async get(key: StatusKey): Promise<Attrs | undefined> {
    const row = this.rows.get(this.id(key));
    return row ? { ...row.attrs } : undefined;
  }

  async put(key: StatusKey, attrs: Attrs, condition?: WriteCondition): Promise<void> {
    this.check(key, condition);
    this.rows.set(this.id(key), { key: { ...key }, attrs: { ...attrs } });
  }

  async update(key: StatusKey, change: RowChange, condition?: WriteCondition): Promise<void> {
    const current = this.check(key, condition);
    const attrs = { ...(current?.attrs ?? {}), ...(change.set ?? {}) };
    for (const name of change.remove ?? []) delete attrs[name];
    this.rows.set(this.id(key), { key: { ...key }, attrs });
  }

  async delete(key: StatusKey, condition?: WriteCondition): Promise<void> {
    this.check(key, condition);
    this.rows.delete(this.id(key));
  }

  async scan(
    streamId: string,
    type: string,
    range: ValueRange,
    options: ScanOptions = {},
  ): Promise<StatusRow[]> {
    const { start, end } = rangeBounds(range);
    const lo = Buffer.from(start);
    const hi = Buffer.from(end);
    const found = [...this.rows.values()]
      .filter((r) => r.key.streamId === streamId && r.key.type === type)
      .filter((r) => {
        const v = Buffer.from(r.key.value);
        return Buffer.compare(v, lo) >= 0 && Buffer.compare(v, hi) < 0;
      })
      .sort((a, b) => Buffer.compare(Buffer.from(a.key.value), Buffer.from(b.key.value)));
    if (options.reverse) found.reverse();
    const limited = options.limit === undefined ? found : found.slice(0, options.limit);
    return limited.map((r) => ({ key: { ...r.key }, attrs: { ...r.attrs } }));
  }

  private id(key: StatusKey): string {
    return [key.streamId, key.type, key.value].join(SEP);
  }

  private check(key: StatusKey, condition: WriteCondition = {}): StatusRow | undefined {
    const current = this.rows.get(this.id(key));
    const expect = condition.expect ?? 'ignore';
    if (expect === 'exists' && !current)
      throw new ConditionFailedError(`row ${describeKey(key)} does not exist`);
    if (expect === 'notExists' && current)
      throw new ConditionFailedError(`row ${describeKey(key)} already exists`);
    if (condition.check && !evaluateCheck(condition.check, current?.attrs ?? {})) {
      throw new ConditionFailedError(`column condition failed on row ${describeKey(key)}`);
    }
    return current;
  }
}
