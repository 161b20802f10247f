/**
 * The server's whole state. Every change is an `Entry`: actions compute it from the current state,
 * `commit` makes it durable (when persistent) and applies it; start-up replays the same entries.
 */
import type { PrimaryKeyColumn } from '../../../shared/tablestore/plainbuffer/types.js';
import { OpLog } from './oplog.js';
import { RowSet } from './rows.js';
import { findShard, mergeShards, splitShard, trimStream } from './streams.js';
import type {
  ActionType,
  StreamState,
  TableDef,
  TableOptions,
  TableState,
  Throughput,
  Version,
} from './types.js';

export type Entry =
  | { t: 'createTable'; def: TableDef; stream?: StreamState }
  | { t: 'deleteTable'; name: string }
  /** `stream`: a new stream (enable), null (disable), absent (unchanged). */
  | {
      t: 'updateTable';
      name: string;
      options: TableOptions;
      throughput: Throughput;
      stream?: StreamState | null;
      streamExpirationHours?: number;
    }
  | {
      t: 'write';
      table: string;
      /** Row states after the write; `columns: null` = row deleted. */
      rows: { pk: PrimaryKeyColumn[]; columns: Map<string, Version[]> | null }[];
      records: { shard: string; action: ActionType; tsUs: number; bytes: Buffer }[];
      autoIncrement?: bigint;
    }
  | { t: 'split'; table: string; shard: string; at?: number; nowMs: number }
  | { t: 'merge'; table: string; first: string; second: string; nowMs: number }
  | { t: 'reshard'; table: string; stream: StreamState }
  | { t: 'clock'; offsetMs: number; lastCommitUs?: number };

export class Store {
  readonly tables = new Map<string, TableState>();
  clockOffsetMs = 0;
  /** Highest sequence timestamp handed out, so commit timestamps only move forward. */
  lastCommitUs = 0;
  private log?: OpLog;

  constructor(readonly defaultShardCount: number) {}

  /**
   * Loads `dir/oplog.jsonl` (if any) and logs every later commit there. A log holding more
   * entries than a snapshot of the loaded state would is compacted to that snapshot first.
   */
  persistTo(dir: string): void {
    this.log = OpLog.open(dir, (entry) => this.apply(entry as Entry));
    const snapshot = this.snapshot();
    if (this.log.replayed > snapshot.length) this.log.rewrite(snapshot);
  }

  /** Entries that rebuild the current state from nothing. */
  snapshot(): Entry[] {
    const entries: Entry[] = [{ t: 'clock', offsetMs: this.clockOffsetMs, lastCommitUs: this.lastCommitUs }];
    for (const table of this.tables.values()) {
      entries.push({ t: 'createTable', def: table.def, stream: table.stream });
      const rows = [...table.rows.all()].map((r) => ({ pk: r.primaryKey, columns: r.columns }));
      if (rows.length > 0 || table.autoIncrement > 0n) {
        entries.push({
          t: 'write',
          table: table.def.name,
          rows,
          records: [],
          autoIncrement: table.autoIncrement,
        });
      }
    }
    return entries;
  }

  close(): void {
    this.log?.close();
    this.log = undefined;
  }

  nowMs(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** A commit timestamp in µs, strictly after the previous one. */
  nextCommitUs(): number {
    return Math.max(this.nowMs() * 1000, this.lastCommitUs + 1);
  }

  commit(entry: Entry): void {
    this.log?.append(entry);
    this.apply(entry);
  }

  /** Drops expired stream records everywhere; returns how many went. */
  trim(): number {
    let n = 0;
    for (const table of this.tables.values()) if (table.stream) n += trimStream(table.stream, this.nowMs());
    return n;
  }

  private apply(entry: Entry): void {
    switch (entry.t) {
      case 'createTable':
        this.tables.set(entry.def.name, {
          def: entry.def,
          rows: new RowSet(),
          autoIncrement: 0n,
          stream: entry.stream,
        });
        return;
      case 'deleteTable':
        this.tables.delete(entry.name);
        return;
      case 'updateTable': {
        const table = this.mustTable(entry.name);
        table.def.options = entry.options;
        table.def.throughput = entry.throughput;
        if (entry.stream === null) table.stream = undefined;
        else if (entry.stream) table.stream = entry.stream;
        if (entry.streamExpirationHours !== undefined && table.stream)
          table.stream.expirationHours = entry.streamExpirationHours;
        return;
      }
      case 'write': {
        const table = this.mustTable(entry.table);
        for (const { pk, columns } of entry.rows) {
          if (columns) table.rows.set({ primaryKey: pk, columns });
          else table.rows.delete(pk);
        }
        for (const r of entry.records) {
          const shard = table.stream && findShard(table.stream, r.shard);
          if (!shard) throw new Error(`replay: shard ${r.shard} of ${entry.table} is missing`);
          shard.records.push({ action: r.action, tsUs: r.tsUs, bytes: r.bytes });
          this.lastCommitUs = Math.max(this.lastCommitUs, r.tsUs);
        }
        if (entry.autoIncrement !== undefined && entry.autoIncrement > table.autoIncrement)
          table.autoIncrement = entry.autoIncrement;
        return;
      }
      case 'split': {
        const stream = this.mustStream(entry.table);
        splitShard(stream, this.mustShard(stream, entry.shard), entry.nowMs, entry.at);
        return;
      }
      case 'merge': {
        const stream = this.mustStream(entry.table);
        mergeShards(
          stream,
          this.mustShard(stream, entry.first),
          this.mustShard(stream, entry.second),
          entry.nowMs,
        );
        return;
      }
      case 'reshard':
        this.mustTable(entry.table).stream = entry.stream;
        return;
      case 'clock':
        this.clockOffsetMs = entry.offsetMs;
        if (entry.lastCommitUs !== undefined)
          this.lastCommitUs = Math.max(this.lastCommitUs, entry.lastCommitUs);
        return;
    }
  }

  private mustTable(name: string): TableState {
    const table = this.tables.get(name);
    if (!table) throw new Error(`store: table ${name} is missing`);
    return table;
  }

  private mustStream(name: string): StreamState {
    const stream = this.mustTable(name).stream;
    if (!stream) throw new Error(`store: table ${name} has no stream`);
    return stream;
  }

  private mustShard(stream: StreamState, id: string) {
    const shard = findShard(stream, id);
    if (!shard) throw new Error(`store: shard ${id} is missing in ${stream.id}`);
    return shard;
  }
}
