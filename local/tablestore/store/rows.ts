/** A table's rows in primary-key order, with O(1) lookup by key and ordered range scans. */
import type { PrimaryKeyColumn } from '../../../shared/tablestore/plainbuffer/types.js';
import type { StoredRow } from './types.js';
import { comparePk, pkKey } from './values.js';

export class RowSet {
  private readonly byKey = new Map<string, StoredRow>();
  private readonly sorted: StoredRow[] = [];

  get size(): number {
    return this.sorted.length;
  }

  get(pk: readonly PrimaryKeyColumn[]): StoredRow | undefined {
    return this.byKey.get(pkKey(pk));
  }

  /** Index of the first row whose key is >= pk. */
  private lowerBound(pk: readonly PrimaryKeyColumn[]): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePk(this.sorted[mid]!.primaryKey, pk) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(row: StoredRow): void {
    const key = pkKey(row.primaryKey);
    const at = this.lowerBound(row.primaryKey);
    if (this.byKey.has(key)) this.sorted[at] = row;
    else this.sorted.splice(at, 0, row);
    this.byKey.set(key, row);
  }

  delete(pk: readonly PrimaryKeyColumn[]): void {
    const key = pkKey(pk);
    if (!this.byKey.delete(key)) return;
    this.sorted.splice(this.lowerBound(pk), 1);
  }

  /** Rows in [start, end) ascending, or (end, start] descending when backward. */
  *range(
    start: readonly PrimaryKeyColumn[],
    end: readonly PrimaryKeyColumn[],
    backward: boolean,
  ): Generator<StoredRow> {
    if (!backward) {
      for (let i = this.lowerBound(start); i < this.sorted.length; i++) {
        const row = this.sorted[i]!;
        if (comparePk(row.primaryKey, end) >= 0) return;
        yield row;
      }
      return;
    }
    let i = this.lowerBound(start);
    if (i < this.sorted.length && comparePk(this.sorted[i]!.primaryKey, start) === 0) i++;
    for (i -= 1; i >= 0; i--) {
      const row = this.sorted[i]!;
      if (comparePk(row.primaryKey, end) <= 0) return;
      yield row;
    }
  }

  *all(): Generator<StoredRow> {
    yield* this.sorted;
  }
}
