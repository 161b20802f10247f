/** Text and JSON renderings of each command's result (pure: strings in, strings out). */
import type { WindowSummary } from '../export/index.js';
import type { CheckResult } from './online-checks.js';
import { formatDuration, type StatusReport } from './status-report.js';
import type { VerifyReport } from './verify.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** One JSON line per window (`run` when stdout is not a terminal, or with `--json`). */
export function windowJson(s: WindowSummary): string {
  return JSON.stringify({
    window: {
      start: s.window.startMillis,
      end: s.window.endMillis,
      startIso: iso(s.window.startMillis),
      endIso: iso(s.window.endMillis),
    },
    state: s.state,
    ...(s.epoch !== undefined ? { epoch: s.epoch } : {}),
    rows: s.rows,
    bytes: s.bytes,
    late: s.late,
    dirty: s.dirty,
    objects: s.objects,
    ...(s.manifestKey ? { manifest: s.manifestKey } : {}),
    durationMs: s.durationMs,
    ...(s.error ? { error: { code: s.error.code, message: s.error.message } } : {}),
  });
}

export function windowText(s: WindowSummary): string {
  const span = `[${iso(s.window.startMillis)}, ${iso(s.window.endMillis)})`;
  if (s.state === 'failed') return `${span} FAILED ${s.error?.code ?? ''}: ${s.error?.message ?? ''}`;
  if (s.state === 'noop') return `${span} already committed, nothing to do`;
  return `${span} committed: ${s.rows} rows, ${s.bytes} bytes, ${s.objects.length} object(s)${s.late ? `, ${s.late} late` : ''}${s.dirty ? `, ${s.dirty} dirty` : ''} in ${s.durationMs} ms`;
}

const STATE_LABEL = { ok: 'ok     ', failed: 'FAILED ', skipped: 'skipped' } as const;

export function checksText(checks: readonly CheckResult[]): string {
  return checks
    .map((c) => {
      const head = `${STATE_LABEL[c.state]} ${c.name}: ${c.detail}`;
      return c.fix ? `${head}\n        fix: ${c.fix}` : head;
    })
    .join('\n');
}

export function verifyText(r: VerifyReport): string {
  const lines = [
    `${r.manifests} manifest(s), ${r.objects} object(s), ${r.rows} rows, ${r.bytes} bytes` +
      (r.span ? `, windows ${iso(r.span.start)} .. ${iso(r.span.end)}` : ''),
  ];
  for (const p of r.problems) lines.push(`PROBLEM ${p.kind} ${p.key}: ${p.detail}`);
  lines.push(
    r.problems.length
      ? `${r.problems.length} problem(s)`
      : 'ok: chain complete, every object matches its size and CRC-64',
  );
  return lines.join('\n');
}

export function statusText(r: StatusReport): string {
  const lines = [
    `job ${r.job}${r.watermark !== undefined ? `, exported up to ${iso(r.watermark)}` : ', nothing committed yet'}`,
  ];
  if (r.retentionBudgetMs !== undefined)
    lines.push(
      `retention budget ${formatDuration(r.retentionBudgetMs)} (oldest data still needed ${iso(r.oldestNeeded!)}, stream retention ${r.expirationHours} h)`,
    );
  lines.push('window start              window end                state      rows      bytes  freshness');
  for (const w of r.windows) {
    lines.push(
      [
        iso(w.start).padEnd(25),
        iso(w.end).padEnd(25),
        w.state.padEnd(9),
        String(w.rows ?? '-').padStart(6),
        String(w.bytes ?? '-').padStart(10),
        ' ' + (w.freshnessMs !== undefined ? formatDuration(w.freshnessMs) : '-'),
      ].join(' '),
    );
  }
  for (const warning of r.warnings) lines.push(`WARNING ${warning}`);
  return lines.join('\n');
}

export function statusJson(r: StatusReport): string {
  return JSON.stringify({
    ...r,
    nowIso: iso(r.now),
    ...(r.watermark !== undefined ? { watermarkIso: iso(r.watermark) } : {}),
    windows: r.windows.map((w) => ({ ...w, startIso: iso(w.start), endIso: iso(w.end) })),
  });
}
