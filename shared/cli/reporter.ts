/**
 * Progress of `run`: a progress bar on a terminal (cli-progress, on stderr) with a text line per
 * window after it; otherwise one JSON summary line per window on stdout, for logs and scripts.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { ExportEvent, WindowSummary } from '../export/index.js';
import { windowJson, windowText } from './format.js';

export interface Output {
  write(text: string): void;
}

export interface RunReporter {
  plan(total: number): void;
  event(event: ExportEvent): void;
  window(summary: WindowSummary): void;
  stop(): void;
}

export function jsonReporter(stdout: Output): RunReporter {
  return {
    plan: () => undefined,
    event: () => undefined,
    window: (s) => stdout.write(windowJson(s) + '\n'),
    stop: () => undefined,
  };
}

export function barReporter(stdout: Output, stderr: NodeJS.WritableStream): RunReporter {
  const bar = new SingleBar(
    {
      stream: stderr,
      format: 'windows {bar} {value}/{total} | shards done {shards} | rows {rows} | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const lines: string[] = [];
  let started = false;
  let rows = 0;
  let shards = 0;
  return {
    plan(total) {
      bar.start(Math.max(total, 1), 0, { rows, shards });
      started = true;
    },
    event(e) {
      if (e.event === 'shard.done' && started) bar.update({ shards: ++shards, rows });
    },
    window(s) {
      rows += s.rows;
      lines.push(windowText(s));
      if (started) bar.increment(1, { rows, shards });
    },
    stop() {
      if (started) bar.stop();
      for (const line of lines) stdout.write(line + '\n');
    },
  };
}
