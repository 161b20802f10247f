/**
 * The backfill HTTP API (the HTTP error handler turns the thrown errors into statuses):
 *   POST   {from, to, windowMinutes?, prefix?, dryRun?}  → 202 {id, state, windows}  (dryRun: 200, nothing stored)
 *   GET    /<id> (or ?id=)                              → 200 progress; without an id: every backfill
 *   DELETE /<id>                                        → 200, state cancelled (the window in flight still commits)
 * 400 malformed body (field named) · 401 unauthenticated (auth middleware) · 404 unknown id ·
 * 409 overlaps an active backfill · 422 outside the stream's retained range (range named).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SyncError } from '../errors.js';
import { jsonResponse, validateInput, type FcHttpEvent, type FcHttpResponse } from '../middlewares/index.js';
import { dueLimit, retentionLimit } from '../window/index.js';
import {
  createBackfill,
  listBackfills,
  readBackfill,
  updateBackfill,
  type BackfillRecord,
} from '../status/index.js';
import {
  backfillWindowCount,
  backfillWindows,
  defaultBackfillPrefix,
  MAX_BACKFILL_WINDOWS,
  overlaps,
} from './backfill-plan.js';
import { activeBackfills } from './backfill-run.js';
import type { FunctionDeps } from './deps.js';
import type { ContinueEvent } from './events.js';
import { parseInstant } from './job-source.js';

const instant = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseInstant(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be ISO-8601 (2026-01-01T00:00:00Z) or epoch ms' });
    return z.NEVER;
  }
  return ms;
});

/** The POST body; unknown fields are refused (a typo must not silently change a backfill). */
const backfillRequestSchema = z
  .strictObject({
    from: instant,
    to: instant,
    windowMinutes: z.number().int().min(1).max(1440).optional(),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, "letters, digits and !_.*'()-/ only, at most 200")
      .optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((b) => b.from < b.to, { message: 'must be after from', path: ['to'] });
type BackfillRequest = z.infer<typeof backfillRequestSchema>;

const fail = (code: string, message: string) => new SyncError(code, message);
const iso = (ms: number) => new Date(ms).toISOString();

export interface BackfillCall {
  readonly event: FcHttpEvent;
  readonly now: number;
}

function idOf(event: FcHttpEvent): string | undefined {
  const fromQuery = event.queryParameters?.id;
  if (fromQuery) return fromQuery;
  const path = event.requestContext?.http?.path ?? event.rawPath ?? '';
  const last = path.split('/').filter(Boolean).pop();
  return last && /^bf-[a-z0-9-]+$/.test(last) ? last : undefined;
}

function viewOf(record: BackfillRecord) {
  return {
    id: record.id,
    state: record.state,
    from: iso(record.from),
    to: iso(record.to),
    windowMinutes: record.windowMs / 60_000,
    prefix: record.prefix,
    windowsPlanned: record.windowsPlanned,
    windowsDone: record.windowsDone,
    windowsFailed: record.windowsFailed,
    rows: record.rows,
    bytes: record.bytes,
  };
}

/** The range a backfill may cover now: within the stream's retention, ending at now − lag. */
async function retainedRange(deps: FunctionDeps, now: number): Promise<{ from: number; to: number }> {
  const { ctx } = deps;
  const stream = await ctx.streams.describeStream(ctx.streamId);
  return {
    from: retentionLimit(now, stream.expirationHours * 3_600_000),
    to: dueLimit(now, ctx.config.schedule.lagMillis),
  };
}

async function post(deps: FunctionDeps, body: BackfillRequest, now: number): Promise<FcHttpResponse> {
  const { ctx } = deps;
  const retained = await retainedRange(deps, now);
  if (body.from < retained.from || body.to > retained.to)
    throw fail(
      'OUT_OF_RETENTION',
      `range [${iso(body.from)}, ${iso(body.to)}) is outside the retained range [${iso(retained.from)}, ${iso(retained.to)}) ` +
        `(stream retention minus a 10 min safety margin, up to now − lag)`,
    );
  const windowMs = (body.windowMinutes ?? ctx.config.schedule.intervalMillis / 60_000) * 60_000;
  if (backfillWindowCount(body.from, body.to, windowMs) > MAX_BACKFILL_WINDOWS)
    throw fail(
      'BAD_REQUEST',
      `windowMinutes: the range needs more than ${MAX_BACKFILL_WINDOWS} windows; use larger ones`,
    );
  const windows = backfillWindows(body.from, body.to, windowMs).map((w) => ({
    start: iso(w.startMillis),
    end: iso(w.endMillis),
  }));
  const active = await activeBackfills(ctx);
  const clash = active.find((b) => overlaps(b, body));
  if (clash)
    throw fail(
      'CONFLICT',
      `range overlaps active backfill ${clash.id} [${iso(clash.from)}, ${iso(clash.to)}); cancel it (DELETE) or wait`,
    );
  const id = `bf-${now.toString(36)}-${randomBytes(3).toString('hex')}`;
  const prefix = body.prefix ?? defaultBackfillPrefix(id);
  if (body.dryRun) return jsonResponse(200, { dryRun: true, prefix, windows });
  const record: BackfillRecord = {
    id,
    from: body.from,
    to: body.to,
    windowMs,
    prefix,
    dryRun: false,
    state: 'active',
    windowsPlanned: windows.length,
    windowsDone: 0,
    windowsFailed: 0,
    rows: 0,
    bytes: 0,
    seq: 0,
    createdAt: now,
    updatedAt: now,
  };
  await createBackfill(ctx.status, ctx.config.name, record);
  const start: ContinueEvent = { kind: 'continue', ...(deps.job ? { job: deps.job } : {}), run: id };
  await deps.invoker.invokeAsync(deps.names.dispatch, start);
  return jsonResponse(202, { ...viewOf(record), windows });
}

/**
 * Answers one request. `depsOf` builds the clients only once the request is known to be well
 * formed, so a malformed body gets its 400 even when Tablestore is unreachable.
 */
export async function handleBackfill(
  depsOf: () => Promise<FunctionDeps>,
  call: BackfillCall,
): Promise<FcHttpResponse> {
  const method = (call.event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const id = idOf(call.event);
  if (method === 'POST') {
    return post(
      await depsOf(),
      validateInput(backfillRequestSchema, call.event.body ?? {}, 'body'),
      call.now,
    );
  }
  if (method !== 'GET' && method !== 'DELETE')
    throw fail('METHOD_NOT_ALLOWED', `${method} is not supported; use POST, GET or DELETE`);
  if (method === 'DELETE' && !id)
    throw fail('BAD_REQUEST', 'id: give the backfill id in the path (/bf-…) or as ?id=');
  const { ctx } = await depsOf();
  if (!id)
    return jsonResponse(200, { backfills: (await listBackfills(ctx.status, ctx.config.name)).map(viewOf) });
  const record =
    method === 'GET'
      ? await readBackfill(ctx.status, ctx.config.name, id)
      : await updateBackfill(
          ctx.status,
          ctx.config.name,
          id,
          (b) => ({ ...b, state: b.state === 'active' ? 'cancelled' : b.state }),
          call.now,
        );
  if (!record) throw fail('NOT_FOUND', `backfill ${id} does not exist`);
  return jsonResponse(200, viewOf(record));
}
