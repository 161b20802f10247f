/**
 * Object-name templates: `instance/table/{yyyy}{MM}{dd}/{HH}{mm}` rendered for one window in a
 * configured IANA time zone. Date parts come from the window start (the window's data begins
 * there); `Intl` does the zone arithmetic so DST changes need no special case here.
 */
export const TEMPLATE_TOKENS = [
  'instance',
  'table',
  'job',
  'yyyy',
  'MM',
  'dd',
  'HH',
  'mm',
  'date',
  'start',
  'end',
] as const;
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number];

export interface TemplateValues {
  readonly instance: string;
  readonly table: string;
  readonly job: string;
  readonly startMillis: number;
  readonly endMillis: number;
  readonly timeZone: string;
}

const TOKEN = /\{([^{}]*)\}/g;

/** The problem with a template, or undefined when it is usable. */
export function templateProblem(template: string): string | undefined {
  if (template.startsWith('/')) return 'must not start with "/" (OSS object names have no leading slash)';
  if (template.includes('//')) return 'must not contain "//" (an empty path segment)';
  if (/[{}]/.test(template.replace(TOKEN, ''))) return 'has an unmatched "{" or "}"';
  for (const [, name] of template.matchAll(TOKEN)) {
    if (!(TEMPLATE_TOKENS as readonly string[]).includes(name ?? '')) {
      return `has unknown token {${name}}; accepted tokens: ${TEMPLATE_TOKENS.map((t) => `{${t}}`).join(' ')}`;
    }
  }
  return undefined;
}

/** True when `timeZone` is an IANA zone name this runtime knows (or UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local calendar parts of an instant in a zone, zero-padded. */
export function zonedParts(
  millis: number,
  timeZone: string,
): Record<'yyyy' | 'MM' | 'dd' | 'HH' | 'mm', string> {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(millis)) parts[p.type] = p.value;
  return {
    yyyy: (parts.year ?? '').padStart(4, '0'),
    MM: parts.month ?? '',
    dd: parts.day ?? '',
    HH: parts.hour ?? '',
    mm: parts.minute ?? '',
  };
}

/** Epoch milliseconds zero-padded to 13 digits, so names sort in time order (until year 2286). */
export function padMillis(millis: number): string {
  return String(millis).padStart(13, '0');
}

/** Renders a template (already checked with {@link templateProblem}) for one window. */
export function renderTemplate(template: string, v: TemplateValues): string {
  const d = zonedParts(v.startMillis, v.timeZone);
  const values: Record<TemplateToken, string> = {
    instance: v.instance,
    table: v.table,
    job: v.job,
    ...d,
    date: `${d.yyyy}${d.MM}${d.dd}`,
    start: padMillis(v.startMillis),
    end: padMillis(v.endMillis),
  };
  return template.replace(TOKEN, (_, name: string) => values[name as TemplateToken]);
}

/** Offset (ms) of a zone at an instant: local wall time minus UTC. */
export function zoneOffsetMillis(millis: number, timeZone: string): number {
  const p = zonedParts(millis, timeZone);
  const minute = Math.floor(millis / 60_000) * 60_000;
  return Date.UTC(Number(p.yyyy), Number(p.MM) - 1, Number(p.dd), Number(p.HH), Number(p.mm)) - minute;
}

/**
 * The instant of a local wall-clock time in a zone. A time that occurs twice (DST fall-back)
 * gives the earlier instant; one that does not exist (spring-forward gap) is read with the
 * offset from before the gap, landing just after it, as java.util.Calendar does.
 */
export function localToEpochMillis(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): number {
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const before = zoneOffsetMillis(wall - 86_400_000, timeZone);
  const after = zoneOffsetMillis(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + zoneOffsetMillis(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}
