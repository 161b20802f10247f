/**
 * Injected faults: the next `count` calls of an API fail with a given OTS error and/or are delayed.
 * Every fault that fires is recorded as a hit, so a test can prove the fault really happened.
 */
import { STATUS_BY_CODE } from './wire-error.js';

export interface FaultSpec {
  /** API name as in the URL path, e.g. `GetStreamRecord`; `*` = any API. */
  api: string;
  /** OTS error code to answer with; absent = only delay, then serve normally. */
  code?: string;
  message?: string;
  /** HTTP status; defaults to the code's real status (e.g. OTSServerBusy → 503). */
  status?: number;
  delayMs?: number;
  /** How many calls the fault applies to (default 1). */
  count?: number;
  /** Fail after the call ran (its change is committed, the answer is lost) instead of before. */
  afterCommit?: boolean;
}

export interface FaultRule extends Required<Pick<FaultSpec, 'api'>> {
  id: number;
  code?: string;
  message: string;
  status: number;
  delayMs: number;
  remaining: number;
  afterCommit: boolean;
}

export interface FaultHit {
  faultId: number;
  api: string;
  code?: string;
  status?: number;
  delayMs: number;
  afterCommit: boolean;
  requestId: string;
  atMs: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  readonly hits: FaultHit[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = {
      id: this.nextId++,
      api: spec.api,
      code: spec.code,
      message: spec.message ?? (spec.code ? `Injected fault: ${spec.code}.` : ''),
      status: spec.status ?? (spec.code ? (STATUS_BY_CODE[spec.code] ?? 500) : 200),
      delayMs: spec.delayMs ?? 0,
      remaining: spec.count ?? 1,
      afterCommit: spec.afterCommit ?? false,
    };
    this.rules.push(rule);
    return rule;
  }

  /** The first pending rule for `api` (consumed by one), recorded as a hit. */
  take(api: string, requestId: string, nowMs: number): FaultRule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.api === api || r.api === '*'));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.rules = this.rules.filter((r) => r !== rule);
    this.hits.push({
      faultId: rule.id,
      api,
      code: rule.code,
      status: rule.code ? rule.status : undefined,
      delayMs: rule.delayMs,
      afterCommit: rule.afterCommit,
      requestId,
      atMs: nowMs,
    });
    return rule;
  }

  pending(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.hits.length = 0;
  }
}
