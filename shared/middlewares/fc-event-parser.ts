/**
 * First middleware of every chain: FC hands the event over as a Buffer (HTTP trigger events too),
 * so turn it into the JSON value everything after it expects. Objects pass through untouched
 * (direct calls in tests, or a caller that already parsed).
 */
import type { MiddlewareObj } from '@middy/core';
import { z } from 'zod';
import { InvalidEventError } from './errors.js';

export interface FcEventParserOptions {
  /** What an empty event (no bytes) becomes. */
  emptyEvent: unknown;
}

export const fcEventParserDefaults: FcEventParserOptions = Object.freeze({ emptyEvent: {} });

const optionsSchema = z.strictObject({ emptyEvent: z.unknown().optional() });

export const fcEventParserValidateOptions = (options: unknown) => optionsSchema.parse(options);

// A `__proto__` key in untrusted JSON is dropped so no later merge can reach a prototype.
const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

/** Parses one raw FC event; exported for callers outside a middy chain (the local FC server's tests). */
export function parseFcEvent(raw: unknown, options: FcEventParserOptions = fcEventParserDefaults): unknown {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (raw instanceof Uint8Array)
    text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  else return raw;
  if (text.trim() === '') return structuredClone(options.emptyEvent);
  try {
    return JSON.parse(text, dropProto) as unknown;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidEventError(`event is not valid JSON (${text.length} chars): ${reason}`, { cause });
  }
}

export function fcEventParser(opts: Partial<FcEventParserOptions> = {}): MiddlewareObj {
  fcEventParserValidateOptions(opts);
  const options = { ...fcEventParserDefaults, ...opts };
  return {
    before: (request) => {
      request.event = parseFcEvent(request.event, options);
    },
  };
}
