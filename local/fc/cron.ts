/**
 * FC timer schedules: `@every 5m` (Go duration, at least 1 minute) or a 6-field cron
 * (seconds minutes hours day-of-month month day-of-week), UTC unless prefixed `CRON_TZ=<zone> `.
 */
import { Cron } from 'croner';

export type Schedule =
  { kind: 'every'; intervalMs: number } | { kind: 'cron'; fields: string; timeZone: string; cron: Cron };

const EVERY = /^@every\s+((?:\d+(?:\.\d+)?(?:h|m|s|ms))+)$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Parses a cronExpression; throws an Error whose message says what is wrong (no path: caller adds it). */
export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  if (text.startsWith('@every')) {
    const match = EVERY.exec(text);
    if (!match?.[1])
      throw new Error(`"${expression}" is not "@every <duration>", e.g. "@every 5m" or "@every 1h30m"`);
    let intervalMs = 0;
    for (const part of match[1].matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
      intervalMs += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
    }
    if (intervalMs < 60_000)
      throw new Error(`"${expression}": FC timers fire at most once a minute (use @every 1m or more)`);
    return { kind: 'every', intervalMs };
  }
  let timeZone = 'UTC';
  let fields = text;
  const tz = /^CRON_TZ=(\S+)\s+(.*)$/.exec(text);
  if (tz?.[1] && tz[2] !== undefined) {
    timeZone = tz[1];
    fields = tz[2].trim();
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new Error(
        `"${expression}": unknown time zone "${timeZone}" (use an IANA name, e.g. Asia/Shanghai)`,
      );
    }
  }
  const count = fields.split(/\s+/).length;
  if (count !== 6) {
    throw new Error(
      `"${expression}" has ${count} fields; FC cron has 6: seconds minutes hours day-of-month month day-of-week, e.g. "0 */5 * * * *"`,
    );
  }
  try {
    const cron = new Cron(fields, { timezone: timeZone, paused: true });
    return { kind: 'cron', fields, timeZone, cron };
  } catch (err) {
    throw new Error(`"${expression}" is not a valid cron expression: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** The first fire time strictly after `after` (epoch ms), in schedule time (see timers.ts for speed-up). */
export function nextFire(schedule: Schedule, after: number, origin: number): number | undefined {
  if (schedule.kind === 'every') {
    const n = Math.floor((after - origin) / schedule.intervalMs) + 1;
    return origin + n * schedule.intervalMs;
  }
  return schedule.cron.nextRun(new Date(after))?.getTime();
}
