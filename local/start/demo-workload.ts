/**
 * The demo's changes: puts, updates (with delete-all-versions cells) and deletes over a small key
 * space, written through the real `tablestore` SDK, each remembered with the rows the multi-version
 * CSV layout must show for it (pk, column, timestamp, value, op) — so the output can be checked.
 */
import { createRequire } from 'node:module';
import { createTablestoreClient, type TablestoreClientLike } from '../../shared/status/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tablestore SDK ships no types */
const TableStore: any = createRequire(import.meta.url)('tablestore');

type PutCell = { op: 'U'; name: string; ts: number; value: string | number };
type Cell = PutCell | { op: 'DA'; name: string };

export interface DemoChange {
  readonly id: string;
  readonly action: 'PUT' | 'UPDATE' | 'DELETE';
  readonly cells: readonly Cell[];
  /** Index of the window (from the demo's first window) the change was written in. */
  readonly window: number;
}

/** What the multi-version CSV holds for one change (`null` = nullFormat). */
export function expectedRows(ch: DemoChange): string[][] {
  const dr = [ch.id, 'null', 'null', 'null', 'DR'];
  if (ch.action === 'DELETE') return [dr];
  const cells = ch.cells.map((c) =>
    c.op === 'U'
      ? [ch.id, c.name, String(c.ts), String(c.value), 'U']
      : [ch.id, c.name, 'null', 'null', 'DA'],
  );
  return ch.action === 'PUT' ? [dr, ...cells] : cells;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IGNORE = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
const sdkValue = (v: string | number) => (typeof v === 'number' ? TableStore.Long.fromNumber(v) : v);

export class DemoWorkload {
  readonly changes: DemoChange[] = [];
  readonly #random: () => number;
  #version = 0;

  constructor(
    private readonly client: TablestoreClientLike,
    private readonly table: string,
    seed = 7,
    private readonly keys = 60,
  ) {
    this.#random = seeded(seed);
  }

  #cells(now: number, names: readonly string[]): PutCell[] {
    // Cell versions: the server clock's ms plus a counter, so no two cells share one.
    return names.map((name) => {
      const ts = Math.max(now, this.#version + 1);
      this.#version = ts;
      const r = Math.floor(this.#random() * 100_000);
      return { op: 'U', name, ts, value: name === 'score' ? r - 50_000 : `${name}-${r}` };
    });
  }

  /** Writes `count` changes at server time `now` (ms), all counted in window `window`. */
  async write(count: number, now: number, window: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = `user-${String(Math.floor(this.#random() * this.keys)).padStart(4, '0')}`;
      const roll = this.#random();
      const primaryKey = [{ id }];
      let change: DemoChange;
      if (roll < 0.45) {
        const cells = this.#cells(
          now,
          ['name', 'score', 'note'].filter((_, j) => j === 0 || this.#random() < 0.6),
        );
        await this.client.putRow({
          tableName: this.table,
          condition: IGNORE(),
          primaryKey,
          attributeColumns: cells.map((c) => ({ [c.name]: sdkValue(c.value), timestamp: c.ts })),
        });
        change = { id, action: 'PUT', cells, window };
      } else if (roll < 0.85) {
        const put = this.#cells(now, this.#random() < 0.5 ? ['score'] : ['score', 'name']);
        const dropNote = this.#random() < 0.3;
        const update: unknown[] = [
          { PUT: put.map((c) => ({ [c.name]: sdkValue(c.value), timestamp: c.ts })) },
        ];
        if (dropNote) update.push({ DELETE_ALL: ['note'] });
        await this.client.updateRow({
          tableName: this.table,
          condition: IGNORE(),
          primaryKey,
          updateOfAttributeColumns: update,
        });
        const cells: Cell[] = dropNote ? [...put, { op: 'DA', name: 'note' }] : put;
        change = { id, action: 'UPDATE', cells, window };
      } else {
        await this.client.deleteRow({ tableName: this.table, condition: IGNORE(), primaryKey });
        change = { id, action: 'DELETE', cells: [], window };
      }
      this.changes.push(change);
    }
  }
}

/** The SDK client for the local Tablestore. */
export function tablestoreClient(info: {
  endpoint: string;
  instance: string;
  accessKeyId: string;
  accessKeySecret: string;
}): TablestoreClientLike {
  return createTablestoreClient({ ...info, maxRetries: 2 });
}

/** Demo table `(id STRING)` with a stream (24 h retention). */
export async function createDemoTable(client: TablestoreClientLike, table: string): Promise<void> {
  await client.createTable({
    tableMeta: { tableName: table, primaryKey: [{ name: 'id', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 10 },
    streamSpecification: { enableStream: true, expirationTime: 24 },
  });
}
