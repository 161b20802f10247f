/**
 * The structured JSON logger every function uses: pino, one JSON object per line on stdout (FC
 * ships stdout to the function's log store), ISO time, level names, and every line passed through
 * `redactSecrets` so no access key secret, STS token or Authorization header is ever written.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactSecrets, scrubText, redactDefaults, type RedactOptions } from './redact.js';

export type Logger = PinoLogger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  /** Fields on every line (e.g. `{ fn: 'shard' }`). */
  base: Record<string, unknown>;
  /**
   * Where lines go; stdout written synchronously by default, because FC may freeze the instance
   * as soon as the handler returns and buffered lines would then arrive late or never.
   */
  destination?: DestinationStream;
  redact: RedactOptions;
}

export const loggerDefaults: LoggerOptions = Object.freeze({
  level: 'info',
  base: Object.freeze({}),
  redact: redactDefaults,
});

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads a level name such as `process.env.LOG_LEVEL`; anything unknown falls back to `info`. */
export function parseLogLevel(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase();
  return level && LEVELS.includes(level) ? (level as LogLevel) : 'info';
}

/** Redacts one finished JSON log line (keys and free text); a line that is not JSON is scrubbed as text. */
export function redactLine(line: string, redact: RedactOptions = redactDefaults): string {
  try {
    return `${JSON.stringify(redactSecrets(JSON.parse(line), redact))}\n`;
  } catch {
    return scrubText(line, redact);
  }
}

/**
 * @example
 * const log = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL), base: { fn: 'shard' } });
 * log.info({ window: '2026-11-25T08:00Z' }, 'window exported');
 */
export function createLogger(options: Partial<LoggerOptions> = {}): Logger {
  const { level, base, destination, redact } = { ...loggerDefaults, ...options };
  const asRecord = (value: unknown) => redactSecrets(value, redact) as Record<string, unknown>;
  return pino(
    {
      level,
      base: asRecord(base),
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are already plain, redacted objects by the time serializers would run.
      serializers: { err: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        bindings: (bindings) => asRecord(bindings),
        log: (object) => asRecord(object),
      },
      // Child bindings skip `formatters.bindings` (pino resets it for children) and the message is
      // not an object field, so the finished line is redacted once more as a whole. Lines are few
      // (a handful per invocation): the extra parse costs nothing that matters.
      hooks: { streamWrite: (line) => redactLine(line, redact) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
