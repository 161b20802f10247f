/** `status`, the reading part: window rows, watermark and stream retention for one job. */
import type { JobConfig } from '../config/index.js';
import {
  LIVE_RUN,
  listWindows,
  readWatermark,
  type WindowRecord,
  type WatermarkRecord,
} from '../status/index.js';
import type { ReadClients } from './clients.js';
import { buildStatusReport, type StatusReport } from './status-report.js';

const MISSING_TABLE = /OTSObjectNotExist|does not exist/;

export async function readStatus(
  config: JobConfig,
  clients: ReadClients,
  options: { now: number; limit: number },
): Promise<StatusReport> {
  const table = config.tablestore.dataTable;
  const stream = (await clients.streams.listStream(table)).find((s) => s.tableName === table);
  const description = stream ? await clients.streams.describeStream(stream.streamId) : undefined;
  let windows: WindowRecord[] = [];
  let watermark: WatermarkRecord | undefined;
  let missingStatusTable = false;
  try {
    windows = await listWindows(clients.status, config.name, LIVE_RUN, {
      limit: options.limit,
      reverse: true,
    });
    watermark = await readWatermark(clients.status, config.name, LIVE_RUN);
  } catch (err) {
    if (!MISSING_TABLE.test(String((err as Error)?.message))) throw err;
    missingStatusTable = true;
  }
  const report = buildStatusReport({
    job: config.name,
    now: options.now,
    intervalMillis: config.schedule.intervalMillis,
    windows,
    ...(watermark ? { watermark } : {}),
    ...(description ? { expirationHours: description.expirationHours } : {}),
  });
  if (!missingStatusTable) return report;
  return {
    ...report,
    warnings: [
      `status table ${config.tablestore.statusTable} does not exist yet: nothing exported (the first run creates it)`,
      ...report.warnings,
    ],
  };
}
