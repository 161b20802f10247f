/** The real `tablestore` SDK module for cross-checks (it ships no types; we type the bits we use). */
import { createRequire } from 'node:module';

export interface SdkInt64 {
  toString(radix?: number): string;
}

export interface SdkModule {
  Long: { fromNumber(n: number): unknown; fromString(s: string): unknown };
  INF_MIN: unknown;
  INF_MAX: unknown;
  PK_AUTO_INCR: unknown;
  PlainBufferBuilder: {
    serializePrimaryKey(pk: Record<string, unknown>[]): Uint8Array;
    serializeForPutRow(pk: Record<string, unknown>[], attrs: Record<string, unknown>[]): Uint8Array;
    serializeForUpdateRow(pk: Record<string, unknown>[], attrs: Record<string, unknown>[]): Uint8Array;
    serializeForDeleteRow(pk: Record<string, unknown>[]): Uint8Array;
  };
  PlainBufferInputStream: new (buf: Uint8Array) => unknown;
  PlainBufferCodedInputStream: new (input: unknown) => {
    readRow(): SdkRow;
    readRows(): SdkRow[];
  };
  plainBufferCrc8: { crcInt8(crc: number, byte: number): number };
}

export interface SdkRow {
  primaryKey: { name: string; value: unknown }[];
  attributes: { columnName: string; columnValue: unknown; timestamp: SdkInt64 | null }[];
}

export const sdk = createRequire(import.meta.url)('tablestore') as SdkModule;

/** The SDK's own PlainBuffer reader over a whole buffer (as its decoder runs it). */
export function sdkReadRows(buf: Uint8Array): SdkRow[] {
  // Same call shape as the SDK's decoder (`_parseRowItem`): a Buffer with `limit` = end offset.
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as Buffer & { limit?: number };
  b.limit = b.byteOffset + b.length;
  return new sdk.PlainBufferCodedInputStream(new sdk.PlainBufferInputStream(b)).readRows();
}
