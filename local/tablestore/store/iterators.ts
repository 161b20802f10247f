/**
 * Shard iterators and seek tokens: opaque to clients, deterministic (the same position always gives
 * the same string, so a caught-up reader gets its iterator back byte-identical).
 */
import { invalid } from '../wire-error.js';

export interface Position {
  streamId: string;
  shardId: string;
  index: number;
}

export function encodeIterator(p: Position): string {
  return Buffer.from(`it1|${p.streamId}|${p.shardId}|${p.index}`).toString('base64url');
}

function parse(text: string, prefix: string, what: string): string[] {
  const parts = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const index = Number(parts[parts.length - 1]);
  if (
    parts[0] !== prefix ||
    !Number.isSafeInteger(index) ||
    index < 0 ||
    Buffer.from(text, 'base64url').toString('base64url') !== text
  ) {
    throw invalid(`Invalid ${what}.`);
  }
  return parts;
}

export function decodeIterator(text: string): Position {
  const parts = parse(text, 'it1', 'shard iterator');
  if (parts.length !== 4) throw invalid('Invalid shard iterator.');
  return { streamId: parts[1]!, shardId: parts[2]!, index: Number(parts[3]) };
}

/** Where a paged timestamp seek continues. */
export function encodeSeekToken(shardId: string, index: number): string {
  return Buffer.from(`tk1|${shardId}|${index}`).toString('base64url');
}

export function decodeSeekToken(text: string, shardId: string): number {
  const parts = parse(text, 'tk1', 'token');
  if (parts.length !== 3 || parts[1] !== shardId) throw invalid('Invalid token.');
  return Number(parts[2]);
}
