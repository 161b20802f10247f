/**
 * Plumbing for the CLI's integration tests: the local Tablestore and OSS in this process, the real
 * `tablestore` and `ali-oss` SDKs to write changes and read objects back, and the real CLI
 * (`bin/ots2oss.js`) run as a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEnv as startExportEnv, type Env as ExportEnv } from '../export/helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDKs ship no types; tests drive them as users' JS would */
const TableStore: any = createRequire(import.meta.url)('tablestore');

export const BIN = fileURLToPath(new URL('../../../bin/ots2oss.js', import.meta.url));
export const FIXTURE = fileURLToPath(
  new URL('../../fixtures/dataworks-incremental-script.jsonc.txt', import.meta.url),
);
/** What the fixture names (the local servers' defaults). */
export const TABLE = 'orders';
export const BUCKET = 'datax-export';
export const MINUTE = 60_000;

export interface Env extends ExportEnv {
  /** A temp folder for config files, removed by `close`. */
  dir: string;
}

export async function startEnv(): Promise<Env> {
  const env = await startExportEnv(BUCKET);
  const dir = await mkdtemp(join(tmpdir(), 'ots2oss-cli-')).catch(async (err: unknown) => {
    await env.close();
    throw err;
  });
  return {
    ...env,
    dir,
    close: async () => {
      await env.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function createTable(env: Env): Promise<void> {
  await env.ts.createTable({
    tableMeta: { tableName: TABLE, primaryKey: [{ name: 'uid', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    streamSpecification: { enableStream: true, expirationTime: 24 },
  });
}

const IGNORE = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);

export type Change = { uid: string; op: 'put' | 'update'; name: string } | { uid: string; op: 'delete' };

export async function write(env: Env, ch: Change): Promise<void> {
  const primaryKey = [{ uid: ch.uid }];
  if (ch.op === 'put')
    await env.ts.putRow({
      tableName: TABLE,
      condition: IGNORE(),
      primaryKey,
      attributeColumns: [{ name: ch.name }],
    });
  else if (ch.op === 'update')
    await env.ts.updateRow({
      tableName: TABLE,
      condition: IGNORE(),
      primaryKey,
      updateOfAttributeColumns: [{ PUT: [{ name: ch.name }] }],
    });
  else await env.ts.deleteRow({ tableName: TABLE, condition: IGNORE(), primaryKey });
}

/** `count` changes over `keys` keys, deterministic; names carry a tag so windows are told apart. */
export function changes(tag: string, count: number, keys = 12): Change[] {
  return Array.from({ length: count }, (_, i): Change => {
    const uid = `u${String((i * 7) % keys).padStart(2, '0')}`;
    if (i % 9 === 8) return { uid, op: 'delete' };
    return { uid, op: i % 3 === 0 ? 'update' : 'put', name: `${tag}-${i}` };
  });
}

/** Row-mode rows (uid, name) the DataX layout must hold, grouped by key in change order. */
export function expectedRows(list: readonly Change[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ch of list) if (ch.op !== 'delete') out.set(ch.uid, [...(out.get(ch.uid) ?? []), ch.name]);
  return out;
}

export function groupRows(rows: readonly string[][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [uid, name] of rows) out.set(uid!, [...(out.get(uid!) ?? []), name!]);
  return out;
}

export async function getObject(env: Env, key: string): Promise<Buffer> {
  return Buffer.from((await env.oss.get(key)).content);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ots2oss.js ...args` and waits for it. */
export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The fixture's placeholders for these servers and window. */
export function scriptVars(env: Env, start: number, end: number): string[] {
  return [
    '--var',
    `ots_endpoint=${env.tsEndpoint}`,
    '--var',
    `oss_endpoint=${env.ossEndpoint}`,
    '--var',
    `start_time=${start}`,
    '--var',
    `end_time=${end}`,
  ];
}

export async function writeConfig(env: Env, name: string, value: unknown): Promise<string> {
  const path = join(env.dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}
