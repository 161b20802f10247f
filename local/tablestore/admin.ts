/**
 * Test hooks on paths the SDKs never use. JSON in, JSON out; no signature (loopback only).
 *
 *   POST /_admin/split   {table, shardId, at?}         close an open shard, open two children (parent_id = it);
 *                                                       `at` = hash split point (default: middle) → {children: [a, b]}
 *   POST /_admin/merge   {table, shardId, siblingId}   close two open adjacent shards, open one child
 *                                                       (parent_id = shardId, parent_sibling_id = siblingId) → {child}
 *   POST /_admin/shards  {table}                        the stream's shards: id, open, lineage, hash range, record counts
 *   POST /_admin/reshard {table, count}                 give a stream that has no records yet `count` shards → {shards}
 *   POST /_admin/clock   {setMs} | {advanceMs}          move the server clock (cell versions, TTL, sequence
 *                                                       timestamps, stream expiration), then trim → {nowMs, offsetMs, trimmed}
 *   GET  /_admin/clock                                  → {nowMs, offsetMs}
 *   POST /_admin/trim    {}                             drop expired stream records now → {trimmed}
 *   POST /_admin/faults  {api, code?, message?, status?, delayMs?, count?, afterCommit?}
 *                                                       the next `count` (default 1) calls of `api` (`*` = any) fail with
 *                                                       OTS error `code` (status from the code) and/or wait `delayMs` → {id};
 *                                                       `afterCommit`: the call runs (a write commits), then fails anyway
 *   GET  /_admin/faults                                 → {pending: [...], hits: [...]} (hits = faults that fired)
 *   DELETE /_admin/faults                               forget pending faults and hits
 *
 * Errors answer `{code, message}` with a 4xx status.
 */
import type { ServerResponse } from 'node:http';
import type { ActionContext } from './context.js';
import type { FaultSpec } from './faults.js';
import { findShard, adjacent, newStream } from './store/streams.js';
import type { StreamState } from './store/types.js';
import { OtsError, invalid, otsError } from './wire-error.js';

type Body = Record<string, unknown>;

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '') throw invalid(`"${key}" must be a non-empty string.`);
  return v;
}

function num(body: Body, key: string): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`"${key}" must be a number.`);
  return v;
}

function streamOf(ctx: ActionContext, tableName: string): StreamState {
  const table = ctx.store.tables.get(tableName);
  if (!table) throw otsError('OTSObjectNotExist', `Table ${tableName} does not exist.`);
  if (!table.stream) throw invalid(`Table ${tableName} has no stream.`);
  return table.stream;
}

function openShard(stream: StreamState, id: string) {
  const shard = findShard(stream, id);
  if (!shard) throw otsError('OTSObjectNotExist', `Shard ${id} does not exist.`);
  if (!shard.open) throw invalid(`Shard ${id} is closed.`);
  return shard;
}

function shardsView(stream: StreamState) {
  return stream.shards.map((s) => ({
    shardId: s.id,
    open: s.open,
    parentId: s.parentId,
    parentSiblingId: s.parentSiblingId,
    hashLo: s.hashLo,
    hashHi: s.hashHi,
    firstIndex: s.firstIndex,
    records: s.records.length,
  }));
}

function route(ctx: ActionContext, method: string, name: string, body: Body): unknown {
  const store = ctx.store;
  switch (`${method} ${name}`) {
    case 'POST split': {
      const table = str(body, 'table');
      const stream = streamOf(ctx, table);
      const parent = openShard(stream, str(body, 'shardId'));
      const at = num(body, 'at');
      if (at !== undefined && !(at > parent.hashLo && at < parent.hashHi))
        throw invalid(`"at" must lie inside (${parent.hashLo}, ${parent.hashHi}).`);
      if (parent.hashHi - parent.hashLo < 2) throw invalid(`Shard ${parent.id} is too small to split.`);
      const before = stream.shards.length;
      store.commit({ t: 'split', table, shard: parent.id, at, nowMs: store.nowMs() });
      return { parent: parent.id, children: stream.shards.slice(before).map((s) => s.id) };
    }
    case 'POST merge': {
      const table = str(body, 'table');
      const stream = streamOf(ctx, table);
      const first = openShard(stream, str(body, 'shardId'));
      const second = openShard(stream, str(body, 'siblingId'));
      if (first === second || !adjacent(first, second))
        throw invalid('Only two different shards with adjacent hash ranges can merge.');
      store.commit({ t: 'merge', table, first: first.id, second: second.id, nowMs: store.nowMs() });
      return { child: stream.shards[stream.shards.length - 1]!.id };
    }
    case 'POST shards': {
      const stream = streamOf(ctx, str(body, 'table'));
      return { streamId: stream.id, shards: shardsView(stream) };
    }
    case 'POST reshard': {
      const table = str(body, 'table');
      const stream = streamOf(ctx, table);
      const count = num(body, 'count');
      if (count === undefined || !Number.isInteger(count) || count < 1 || count > 1024)
        throw invalid('"count" must be an integer from 1 to 1024.');
      if (stream.shards.some((s) => s.records.length > 0 || s.firstIndex > 0 || !s.open)) {
        throw invalid(`Stream ${stream.id} already has records or lineage; reshard it before any write.`);
      }
      const fresh = newStream(table, stream.creationUs / 1000, stream.expirationHours, count);
      store.commit({
        t: 'reshard',
        table,
        stream: { ...fresh, id: stream.id, creationUs: stream.creationUs },
      });
      return { streamId: stream.id, shards: shardsView(streamOf(ctx, table)) };
    }
    case 'GET clock':
      return { nowMs: store.nowMs(), offsetMs: store.clockOffsetMs };
    case 'POST clock': {
      const setMs = num(body, 'setMs');
      const advanceMs = num(body, 'advanceMs');
      if ((setMs === undefined) === (advanceMs === undefined))
        throw invalid('Give exactly one of "setMs" or "advanceMs".');
      const offsetMs = setMs !== undefined ? setMs - Date.now() : store.clockOffsetMs + advanceMs!;
      store.commit({ t: 'clock', offsetMs: Math.round(offsetMs) });
      return { nowMs: store.nowMs(), offsetMs: store.clockOffsetMs, trimmed: store.trim() };
    }
    case 'POST trim':
      return { trimmed: store.trim() };
    case 'POST faults': {
      const spec: FaultSpec = {
        api: str(body, 'api'),
        code: body.code === undefined ? undefined : str(body, 'code'),
        message: body.message === undefined ? undefined : str(body, 'message'),
        status: num(body, 'status'),
        delayMs: num(body, 'delayMs'),
        count: num(body, 'count'),
        afterCommit: body.afterCommit === undefined ? undefined : body.afterCommit === true,
      };
      if (spec.code === undefined && spec.delayMs === undefined)
        throw invalid('A fault needs a "code", a "delayMs" or both.');
      return { id: ctx.faults.add(spec).id };
    }
    case 'GET faults':
      return { pending: ctx.faults.pending(), hits: ctx.faults.hits };
    case 'DELETE faults':
      ctx.faults.clear();
      return {};
    default:
      throw otsError('OTSObjectNotExist', `No admin endpoint ${method} /_admin/${name}.`);
  }
}

export function handleAdmin(
  ctx: ActionContext,
  method: string,
  path: string,
  raw: Buffer | undefined,
  res: ServerResponse,
): void {
  let status = 200;
  let out: unknown;
  try {
    if (raw === undefined) throw invalid('Body too large.');
    let body: Body = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as Body;
      } catch {
        throw invalid('The body must be JSON.');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw invalid('The body must be a JSON object.');
    }
    out = route(ctx, method, path.slice('/_admin/'.length), body);
  } catch (err) {
    if (!(err instanceof OtsError)) throw err;
    status = err.status;
    out = { code: err.code, message: err.message };
  }
  const text = JSON.stringify(out);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
