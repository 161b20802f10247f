/**
 * StatusStore on a real Tablestore table through the `tablestore` SDK (5.6.5). Conditions become
 * the SDK's Condition / SingleColumnCondition / CompositeCondition; integers travel as int64;
 * `OTSConditionCheckFail` becomes ConditionFailedError and any other SDK failure StatusStoreError,
 * so nothing from the SDK leaks past this file.
 */
import { ConditionFailedError, StatusStoreError, StatusTableSchemaError } from './errors.js';
import {
  describeKey,
  rangeBounds,
  type Attrs,
  type RowChange,
  type ScanOptions,
  type StatusKey,
  type StatusRow,
  type StatusStore,
  type ValueRange,
  type WriteCondition,
} from './store.js';
import {
  TableStore,
  attrsOf,
  errorText,
  pk,
  summarize,
  toSdkCondition,
  toSdkValue,
  type TablestoreClientLike,
} from './tablestore-sdk.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- SDK responses are untyped */
/** DataX creates the status table with a 30-day TTL and one version; so do we. */
export const STATUS_TABLE_TTL_SECONDS = 30 * 24 * 3600;
const PK_NAMES = ['StreamId', 'StatusType', 'StatusValue'] as const;
const PK_STRING = 2;

export class TablestoreStatusStore implements StatusStore {
  constructor(
    private readonly client: TablestoreClientLike,
    readonly tableName: string,
    /** How long a freshly created table may stay "not ready" (DataX waits 2 minutes). */
    private readonly readyTimeoutMs = 120_000,
    /** Rows asked for per GetRange (the service caps a page at 5000 rows / 4 MB anyway). */
    private readonly pageSize = 5000,
  ) {}

  async ensureTable(): Promise<void> {
    let meta: any;
    try {
      meta = await this.call('describeTable', { tableName: this.tableName });
    } catch (err) {
      if (!(err instanceof StatusStoreError) || !errorText(err.cause).includes('OTSObjectNotExist'))
        throw err;
      await this.create();
      return;
    }
    this.checkSchema(meta?.tableMeta?.primaryKey ?? []);
  }

  async get(key: StatusKey): Promise<Attrs | undefined> {
    const data = await this.call('getRow', {
      tableName: this.tableName,
      primaryKey: pk(key),
      maxVersions: 1,
    });
    const row = data?.row;
    if (!row || !row.primaryKey) return undefined;
    return attrsOf(row);
  }

  async put(key: StatusKey, attrs: Attrs, condition?: WriteCondition): Promise<void> {
    const attributeColumns = Object.entries(attrs).map(([name, value]) => ({ [name]: toSdkValue(value) }));
    await this.write('putRow', key, {
      tableName: this.tableName,
      condition: toSdkCondition(condition),
      primaryKey: pk(key),
      attributeColumns,
    });
  }

  async update(key: StatusKey, change: RowChange, condition?: WriteCondition): Promise<void> {
    const updates: any[] = [];
    const set = Object.entries(change.set ?? {}).map(([name, value]) => ({ [name]: toSdkValue(value) }));
    if (set.length) updates.push({ PUT: set });
    if (change.remove?.length) updates.push({ DELETE_ALL: change.remove });
    await this.write('updateRow', key, {
      tableName: this.tableName,
      condition: toSdkCondition(condition),
      primaryKey: pk(key),
      updateOfAttributeColumns: updates,
    });
  }

  async delete(key: StatusKey, condition?: WriteCondition): Promise<void> {
    await this.write('deleteRow', key, {
      tableName: this.tableName,
      condition: toSdkCondition(condition),
      primaryKey: pk(key),
    });
  }

  async scan(
    streamId: string,
    type: string,
    range: ValueRange,
    options: ScanOptions = {},
  ): Promise<StatusRow[]> {
    const { start, end } = rangeBounds(range);
    const limit = options.limit ?? Infinity;
    const rows: StatusRow[] = [];
    // BACKWARD reads (low, high]: start from `end` (dropped if present) and fetch `start` separately.
    const reverse = options.reverse === true;
    let from = reverse ? end : start;
    const to = reverse ? start : end;
    while (rows.length < limit) {
      const data = await this.call('getRange', {
        tableName: this.tableName,
        direction: reverse ? TableStore.Direction.BACKWARD : TableStore.Direction.FORWARD,
        inclusiveStartPrimaryKey: pk({ streamId, type, value: from }),
        exclusiveEndPrimaryKey: pk({ streamId, type, value: to }),
        maxVersions: 1,
        limit: Math.min(limit - rows.length + 1, this.pageSize),
      });
      for (const row of data?.rows ?? []) {
        if (!row?.primaryKey) continue;
        const value = String(row.primaryKey[2]?.value);
        if (reverse && value === end) continue;
        if (rows.length < limit) rows.push({ key: { streamId, type, value }, attrs: attrsOf(row) });
      }
      const next = data?.nextStartPrimaryKey;
      if (!next || rows.length >= limit) break;
      from = String(next[2]?.value);
    }
    if (reverse && rows.length < limit) {
      const first = await this.get({ streamId, type, value: start });
      if (first && start < end) rows.push({ key: { streamId, type, value: start }, attrs: first });
    }
    return rows;
  }

  private async create(): Promise<void> {
    try {
      await this.call('createTable', {
        tableMeta: {
          tableName: this.tableName,
          primaryKey: PK_NAMES.map((name) => ({ name, type: 'STRING' })),
        },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: STATUS_TABLE_TTL_SECONDS, maxVersions: 1 },
      });
      await this.waitUntilReady();
    } catch (err) {
      // Another process created it first: fine, as long as its schema is ours.
      if (!(err instanceof StatusStoreError) || !errorText(err.cause).includes('OTSObjectAlreadyExist'))
        throw err;
      const meta = await this.call('describeTable', { tableName: this.tableName });
      this.checkSchema(meta?.tableMeta?.primaryKey ?? []);
    }
  }

  /** Like DataX: a new table is usable once a read on it succeeds. */
  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + this.readyTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.get({ streamId: 'ots2oss:probe', type: 'Ots2OssProbe', value: 'ready' });
        return;
      } catch (err) {
        const text = err instanceof StatusStoreError ? errorText(err.cause) : '';
        const notReady = text.includes('OTSTableNotReady') || text.includes('OTSObjectNotExist');
        if (!notReady || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * attempt, 2000)));
      }
    }
  }

  private checkSchema(primaryKey: { name: string; type: number | string }[]): void {
    const ok =
      primaryKey.length === 3 &&
      primaryKey.every((c, i) => c.name === PK_NAMES[i] && (c.type === PK_STRING || c.type === 'STRING'));
    if (!ok) {
      const found = `(${primaryKey.map((c) => `${c.name} ${c.type === PK_STRING ? 'STRING' : c.type}`).join(', ')})`;
      throw new StatusTableSchemaError(this.tableName, found);
    }
  }

  private async write(op: string, key: StatusKey, params: unknown): Promise<void> {
    try {
      await this.call(op, params);
    } catch (err) {
      if (err instanceof StatusStoreError && errorText(err.cause).includes('OTSConditionCheckFail')) {
        throw new ConditionFailedError(`${op} condition failed on row ${describeKey(key)}`, {
          cause: err.cause,
        });
      }
      throw err;
    }
  }

  private call(op: string, params: unknown): Promise<any> {
    return new Promise((resolve, reject) => {
      try {
        this.client[op](params, (err: any, data: any) => {
          if (err) reject(new StatusStoreError(op, `${this.tableName}: ${summarize(err)}`, { cause: err }));
          else resolve(data);
        });
      } catch (err) {
        reject(new StatusStoreError(op, `${this.tableName}: ${summarize(err)}`, { cause: err }));
      }
    });
  }
}
