/**
 * Fault injection: rules set through the admin API make the next N requests of an operation fail
 * with a given status/code, wait first, or lose their connection mid-body. Each rule counts how
 * often it fired so a test can prove the fault really happened.
 */
import { randomUUID } from 'node:crypto';

export interface FaultSpec {
  /** Operation name from the routing table (e.g. `PutObject`, `UploadPart`), or `*` for any. */
  operation: string;
  /** How many matching requests the rule applies to (default 1). */
  count?: number;
  /** Only requests to this bucket / keys with this prefix. */
  bucket?: string;
  keyPrefix?: string;
  /** Answer with this status and error code instead of running the operation. */
  status?: number;
  code?: string;
  message?: string;
  /** Wait this long before handling (combine with nothing to only slow a request down). */
  delayMs?: number;
  /**
   * Cut the connection: `request` = while the request body arrives (the operation never runs);
   * `response` = after the operation ran, once `afterBytes` of the response body were sent.
   */
  cut?: 'request' | 'response';
  afterBytes?: number;
}

export interface FaultState extends FaultSpec {
  id: string;
  remaining: number;
  fired: number;
}

export class FaultRegistry {
  private readonly rules: FaultState[] = [];

  add(spec: FaultSpec): FaultState {
    const state: FaultState = { ...spec, id: randomUUID(), remaining: spec.count ?? 1, fired: 0 };
    this.rules.push(state);
    return state;
  }

  list(): FaultState[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const index = this.rules.findIndex((r) => r.id === id);
    if (index >= 0) this.rules.splice(index, 1);
    return index >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The first live rule matching this request, counted as fired. */
  take(operation: string, bucket: string, key: string): FaultState | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.operation === '*' || r.operation === operation) &&
        (r.bucket === undefined || r.bucket === bucket) &&
        (r.keyPrefix === undefined || key.startsWith(r.keyPrefix)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    rule.fired += 1;
    return { ...rule };
  }
}

const OPERATION = /^(\*|[A-Za-z]{1,64})$/;

/** Checks an admin request body; returns a message naming the bad field, or the spec. */
export function parseFaultSpec(value: unknown): FaultSpec | string {
  if (!value || typeof value !== 'object') return 'body must be a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.operation !== 'string' || !OPERATION.test(v.operation))
    return 'operation must be an operation name or "*"';
  const int = (k: string, min: number, max: number) =>
    v[k] === undefined || (Number.isInteger(v[k]) && (v[k] as number) >= min && (v[k] as number) <= max);
  if (!int('count', 1, 1_000_000)) return 'count must be an integer from 1 to 1000000';
  if (!int('status', 100, 599)) return 'status must be an HTTP status from 100 to 599';
  if (!int('delayMs', 0, 600_000)) return 'delayMs must be an integer from 0 to 600000';
  if (!int('afterBytes', 0, Number.MAX_SAFE_INTEGER)) return 'afterBytes must be a non-negative integer';
  if (v.cut !== undefined && v.cut !== 'request' && v.cut !== 'response')
    return 'cut must be "request" or "response"';
  for (const k of ['code', 'message', 'bucket', 'keyPrefix']) {
    if (v[k] !== undefined && typeof v[k] !== 'string') return `${k} must be a string`;
  }
  if (v.status === undefined && v.cut === undefined && v.delayMs === undefined)
    return 'give status, cut or delayMs';
  return v as unknown as FaultSpec;
}
