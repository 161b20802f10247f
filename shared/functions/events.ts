/**
 * The events the four functions pass each other (async invocations) and the FC events that start
 * them (timer fire, destination envelope). Schemas reject unknown keys so a malformed event fails
 * loudly, naming the field.
 */
import { z } from 'zod';
import { jobSourceSchema } from './job-source.js';

const millis = z.number().int().nonnegative();
const windowSchema = z.strictObject({ start: millis, end: millis });
const runSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a run is live or a backfill id');

/** dispatch → shard: export these shards of the window under the epoch. */
export const shardEventSchema = z.strictObject({
  kind: z.literal('shard'),
  job: jobSourceSchema.optional(),
  run: runSchema,
  window: windowSchema,
  epoch: z.number().int().positive(),
  shardIds: z.array(z.string().min(1)).min(1),
  /** The window's lease owner (the claiming dispatch): each slice renews the lease while it works. */
  owner: z.string().min(1).optional(),
  /** Budget slices so far (a shard that ran out of time re-invokes itself with slice + 1). */
  slice: z.number().int().nonnegative().default(0),
});
export type ShardEvent = z.infer<typeof shardEventSchema>;

/** shard → finalize: every shard of the window reported under the epoch. */
export const finalizeEventSchema = z.strictObject({
  kind: z.literal('finalize'),
  job: jobSourceSchema.optional(),
  run: runSchema,
  window: windowSchema,
  epoch: z.number().int().positive(),
});
export type FinalizeEvent = z.infer<typeof finalizeEventSchema>;

/** finalize / backfill → dispatch: plan and claim the next window of `run` now. */
export const continueEventSchema = z.strictObject({
  kind: z.literal('continue'),
  job: jobSourceSchema.optional(),
  run: runSchema,
});
export type ContinueEvent = z.infer<typeof continueEventSchema>;

/** FC timer trigger (reference §3.2): `payload` is the trigger's payload string. */
const timerEventSchema = z.object({
  triggerTime: z.string(),
  triggerName: z.string(),
  payload: z.string().optional(),
});

/** FC's async destination envelope (reference §3.4): a failed invocation handed to another function. */
export const envelopeSchema = z.object({
  requestContext: z.object({
    requestId: z.string().optional(),
    functionArn: z.string().optional(),
    condition: z.string().optional(),
    approximateInvokeCount: z.number().optional(),
  }),
  requestPayload: z.string().optional(),
  responsePayload: z.string().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** The timer payload: empty, `{}` (config from the environment), or a job source. */
export function jobSourceOfTimerPayload(
  payload: string | undefined,
): z.infer<typeof jobSourceSchema> | undefined {
  const text = payload?.trim();
  if (!text || text === '{}') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { config: text };
  }
  if (value && typeof value === 'object' && 'config' in value) return jobSourceSchema.parse(value);
  return { config: value as Record<string, unknown> };
}

export const dispatchEventSchema = z.union([continueEventSchema, timerEventSchema, envelopeSchema]);
export type DispatchEvent = z.infer<typeof dispatchEventSchema>;

export const finalizeOrEnvelopeSchema = z.union([finalizeEventSchema, envelopeSchema]);

export function isEnvelope(event: unknown): event is Envelope {
  return envelopeSchema.safeParse(event).success && !('kind' in (event as object));
}

export function spanOf(w: { start: number; end: number }): { startMillis: number; endMillis: number } {
  return { startMillis: w.start, endMillis: w.end };
}
