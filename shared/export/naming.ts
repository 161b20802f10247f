/** The naming job (shared/naming) and window refs (shared/status) of an export context. */
import type { NamingJob, WindowRef as NamingWindow } from '../naming/index.js';
import type { WindowRef } from '../status/index.js';
import type { ExportContext, WindowSpan } from './types.js';

export function namingJob(ctx: ExportContext): NamingJob {
  const { config } = ctx;
  return {
    name: config.name,
    instance: config.tablestore.instanceName,
    table: config.tablestore.dataTable,
    objectTemplate: config.output.objectTemplate,
    timeZone: config.schedule.timeZone,
    // Backfill runs keep their staging and manifests apart from the live chain.
    controlPrefix:
      ctx.run === 'live' ? ctx.options.controlPrefix : `${ctx.options.controlPrefix}/runs/${ctx.run}`,
  };
}

export function namingWindow(w: WindowSpan): NamingWindow {
  return { startMillis: w.startMillis, endMillis: w.endMillis };
}

export function windowRef(ctx: ExportContext, w: WindowSpan): WindowRef {
  return { job: ctx.config.name, run: ctx.run, start: w.startMillis, end: w.endMillis };
}

export function describeSpan(w: WindowSpan): string {
  return `[${new Date(w.startMillis).toISOString()}, ${new Date(w.endMillis).toISOString()})`;
}
