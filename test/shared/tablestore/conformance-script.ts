/**
 * A seeded script of row writes for the stream conformance test, and the change log it must
 * produce: one expected record per successful row write (failed conditions write nothing).
 * Timestamps: explicit ones count up from a base; `'server'` = assigned by the server.
 */
import { TableStore } from './helpers.js';

const Long = TableStore.Long;
const { IGNORE, EXPECT_EXIST, EXPECT_NOT_EXIST } = TableStore.RowExistenceExpectation;

export interface ExpectedCell {
  name: string;
  op: 'PUT' | 'DELETE_ONE_VERSION' | 'DELETE_ALL_VERSIONS';
  value?: bigint | number | boolean | string | Buffer;
  timestamp?: number | 'server';
}

export interface ExpectedRecord {
  action: 'PUT' | 'UPDATE' | 'DELETE';
  id: string;
  n: bigint;
  cells: ExpectedCell[];
}

/** One SDK row change: what to send (`sdk`) and its expected record, or undefined if its condition fails. */
export interface RowChange {
  type: 'PUT' | 'UPDATE' | 'DELETE';
  sdk: Record<string, unknown>;
  expected: ExpectedRecord | undefined;
}

export type Step = { kind: 'single'; change: RowChange } | { kind: 'batch'; changes: RowChange[] };

interface RowModel {
  exists: boolean;
  /** Latest value of the counter column `cnt` (only PutRow, INCREMENT and DELETE_ALL touch it). */
  cnt: bigint | undefined;
}

/** mulberry32: a small, well-known seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildScript(
  seed: number,
  steps: number,
  keys: { id: string; n: number }[],
  baseMs: number,
): Step[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const models = new Map<string, RowModel>();
  const model = (k: { id: string; n: number }) => {
    const key = `${k.id}|${k.n}`;
    let m = models.get(key);
    if (!m) models.set(key, (m = { exists: false, cnt: undefined }));
    return m;
  };
  let clock = baseMs;
  const ts = () => ++clock;

  const putValue = (col: string, i: number) => {
    switch (col) {
      case 's':
        return { sdk: `text-${i}-\u00e9\u4e2d`, value: `text-${i}-\u00e9\u4e2d` };
      case 'i': {
        const v = (1n << 62n) + BigInt(i); // beyond 2^53
        return { sdk: Long.fromString(v.toString()), value: v };
      }
      case 'd':
        return { sdk: i + 0.25, value: i + 0.25 };
      case 'b':
        return { sdk: i % 2 === 0, value: i % 2 === 0 };
      default:
        return { sdk: Buffer.from([i & 0xff, 0, 0xff]), value: Buffer.from([i & 0xff, 0, 0xff]) };
    }
  };

  const change = (k: { id: string; n: number }, i: number): RowChange => {
    const m = model(k);
    const primaryKey = [{ id: k.id }, { n: Long.fromNumber(k.n) }];
    const base = { id: k.id, n: BigInt(k.n) };
    const roll = rand();
    if (roll < 0.4) {
      const expectation = rand() < 0.25 ? EXPECT_NOT_EXIST : IGNORE;
      const ok = !(expectation === EXPECT_NOT_EXIST && m.exists);
      const attributeColumns: Record<string, unknown>[] = [];
      const cells: ExpectedCell[] = [];
      for (const col of ['s', 'i', 'd', 'b', 'bin'].filter(() => rand() < 0.6)) {
        const v = putValue(col, i);
        if (rand() < 0.8) {
          const t = ts();
          attributeColumns.push({ [col]: v.sdk, timestamp: t });
          cells.push({ name: col, op: 'PUT', value: v.value, timestamp: t });
        } else {
          attributeColumns.push({ [col]: v.sdk });
          cells.push({ name: col, op: 'PUT', value: v.value, timestamp: 'server' });
        }
      }
      let cnt: bigint | undefined;
      if (rand() < 0.5) {
        cnt = BigInt(i * 10);
        const t = ts();
        attributeColumns.push({ cnt: Long.fromNumber(i * 10), timestamp: t });
        cells.push({ name: 'cnt', op: 'PUT', value: cnt, timestamp: t });
      }
      if (ok) Object.assign(m, { exists: true, cnt });
      return {
        type: 'PUT',
        sdk: { condition: new TableStore.Condition(expectation, null), primaryKey, attributeColumns },
        expected: ok ? { action: 'PUT', ...base, cells } : undefined,
      };
    }
    if (roll < 0.8) {
      const expectation = rand() < 0.25 ? EXPECT_EXIST : IGNORE;
      const ok = !(expectation === EXPECT_EXIST && !m.exists);
      const updates: Record<string, unknown>[] = [];
      const cells: ExpectedCell[] = [];
      let cnt = m.cnt;
      for (const col of ['s', 'i', 'd', 'b', 'bin', 'cnt'].filter(() => rand() < 0.5)) {
        const what =
          col === 'cnt'
            ? rand() < 0.75
              ? 'INCREMENT'
              : 'DELETE_ALL'
            : pick(['PUT', 'PUT', 'DELETE', 'DELETE_ALL'] as const);
        if (what === 'PUT') {
          const v = putValue(col, i);
          const t = ts();
          updates.push({ PUT: [{ [col]: v.sdk, timestamp: t }] });
          cells.push({ name: col, op: 'PUT', value: v.value, timestamp: t });
        } else if (what === 'DELETE') {
          const t = baseMs + 1 + Math.floor(rand() * (clock - baseMs)); // some earlier version
          updates.push({ DELETE: [{ [col]: Long.fromNumber(t) }] });
          cells.push({ name: col, op: 'DELETE_ONE_VERSION', timestamp: t });
        } else if (what === 'DELETE_ALL') {
          updates.push({ DELETE_ALL: [col] });
          cells.push({ name: col, op: 'DELETE_ALL_VERSIONS' });
          if (col === 'cnt') cnt = undefined;
        } else {
          const delta = BigInt(Math.floor(rand() * 2000) - 1000);
          updates.push({ INCREMENT: [{ cnt: Long.fromString(delta.toString()) }] });
          cnt = (cnt ?? 0n) + delta;
          cells.push({ name: 'cnt', op: 'PUT', value: cnt, timestamp: 'server' }); // the stream carries the result
        }
      }
      if (updates.length === 0) {
        const t = ts();
        updates.push({ PUT: [{ s: `only-${i}`, timestamp: t }] });
        cells.push({ name: 's', op: 'PUT', value: `only-${i}`, timestamp: t });
      }
      if (ok) Object.assign(m, { exists: true, cnt });
      return {
        type: 'UPDATE',
        sdk: {
          condition: new TableStore.Condition(expectation, null),
          primaryKey,
          attributeColumns: updates,
        },
        expected: ok ? { action: 'UPDATE', ...base, cells } : undefined,
      };
    }
    const expectation = rand() < 0.3 ? EXPECT_EXIST : IGNORE;
    const ok = !(expectation === EXPECT_EXIST && !m.exists);
    if (ok) Object.assign(m, { exists: false, cnt: undefined });
    return {
      type: 'DELETE',
      sdk: { condition: new TableStore.Condition(expectation, null), primaryKey },
      expected: ok ? { action: 'DELETE', ...base, cells: [] } : undefined,
    };
  };

  const script: Step[] = [];
  for (let i = 0; i < steps; i++) {
    if (rand() < 0.2) {
      const shuffled = [...keys];
      for (let j = shuffled.length - 1; j > 0; j--) {
        const r = Math.floor(rand() * (j + 1));
        [shuffled[j], shuffled[r]] = [shuffled[r]!, shuffled[j]!];
      }
      const chosen = shuffled.slice(0, 2 + Math.floor(rand() * 4)); // distinct keys in one batch
      script.push({ kind: 'batch', changes: chosen.map((k) => change(k, i)) });
    } else {
      script.push({ kind: 'single', change: change(pick(keys), i) });
    }
  }
  return script;
}
