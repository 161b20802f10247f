/** What every action is handed: the store, the server's settings, and its fault table. */
import type { LocalCredentials } from '../contract.js';
import type { Faults } from './faults.js';
import type { Store } from './store/store.js';

export interface ServerSettings {
  credentials: LocalCredentials;
  instance: string;
  /** Shards of a newly enabled stream (`extra.tablestoreShards`, default 4). */
  shardCount: number;
  /** Records a timestamp seek scans per GetShardIterator call before answering with `next_token`. */
  seekPageSize: number;
  /** |server clock − x-ots-date| allowed, ms; undefined = unchecked (`extra.tablestoreClockSkewMs`). */
  maxClockSkewMs?: number;
}

export interface ActionContext {
  store: Store;
  settings: ServerSettings;
  faults: Faults;
}
