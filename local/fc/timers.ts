/**
 * Fires timer triggers on schedule as async invocations with FC's timer event
 * `{triggerTime, triggerName, payload}`. A speed factor compresses the schedule (speed 60 turns
 * `@every 5m` into every 5 s of wall time); `triggerTime` is the wall-clock time of the fire.
 */
import { nextFire } from './cron.js';
import type { LocalFc } from './runtime.js';
import type { FunctionSpec, TimerTrigger } from './types.js';

const MAX_DELAY = 2 ** 31 - 1;

export interface TimerState {
  functionName: string;
  trigger: string;
  expression: string;
  enabled: boolean;
  /** Wall-clock epoch ms of the next fire (after speed-up). */
  nextFireAt?: number;
  fired: number;
}

export class TimerScheduler {
  private readonly states: (TimerState & { timer?: NodeJS.Timeout; nextVirtual?: number })[] = [];
  private readonly origin = Date.now();

  constructor(
    private readonly fc: LocalFc,
    private readonly speed: number,
  ) {
    if (!(speed > 0)) throw new Error(`timer speed must be a number > 0, got ${speed}`);
  }

  start(): void {
    for (const fn of this.fc.functions.values()) {
      for (const t of fn.timers) {
        const state = {
          functionName: fn.name,
          trigger: t.name,
          expression: t.expression,
          enabled: t.enabled,
          fired: 0,
        };
        this.states.push(state);
        if (t.enabled) this.arm(fn, t, state, this.origin);
      }
    }
  }

  /** Fires one trigger now (admin API), outside its schedule. */
  fireNow(functionName: string, triggerName: string): string | undefined {
    const fn = this.fc.functions.get(functionName);
    const t = fn?.timers.find((x) => x.name === triggerName);
    return fn && t ? this.fire(fn, t, Date.now()) : undefined;
  }

  list(): TimerState[] {
    return this.states.map(({ timer: _t, nextVirtual: _v, ...rest }) => ({ ...rest }));
  }

  stop(): void {
    for (const s of this.states) clearTimeout(s.timer);
  }

  private toVirtual(real: number): number {
    return this.origin + (real - this.origin) * this.speed;
  }

  private toReal(virtual: number): number {
    return this.origin + (virtual - this.origin) / this.speed;
  }

  private arm(
    fn: FunctionSpec,
    t: TimerTrigger,
    state: TimerState & { timer?: NodeJS.Timeout; nextVirtual?: number },
    afterVirtual: number,
  ) {
    const next = nextFire(t.schedule, afterVirtual, this.origin);
    if (next === undefined) return;
    state.nextVirtual = next;
    state.nextFireAt = Math.round(this.toReal(next));
    const wait = () => {
      const delay = (state.nextFireAt as number) - Date.now();
      if (delay > MAX_DELAY) {
        state.timer = setTimeout(wait, MAX_DELAY);
        return;
      }
      state.timer = setTimeout(
        () => {
          state.fired++;
          this.fire(fn, t, Date.now());
          this.arm(fn, t, state, this.resumeAfter(t, next));
        },
        Math.max(0, delay),
      );
    };
    wait();
  }

  /**
   * Where to continue after a fire at `fired`: a fire that is merely late (a busy machine) is
   * caught up; fires missed by more than a second of wall time (a suspended laptop) are skipped.
   */
  private resumeAfter(t: TimerTrigger, fired: number): number {
    let after = fired;
    for (
      let next = nextFire(t.schedule, after, this.origin);
      next !== undefined && this.toReal(next) < Date.now() - 1000;
    ) {
      after = next;
      next = nextFire(t.schedule, after, this.origin);
    }
    return after;
  }

  private fire(fn: FunctionSpec, t: TimerTrigger, at: number): string {
    const event = {
      triggerTime: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      triggerName: t.name,
      payload: t.payload ?? '',
    };
    return this.fc.invokeAsync(fn, Buffer.from(JSON.stringify(event)), 'timer', t.name).requestId;
  }
}
