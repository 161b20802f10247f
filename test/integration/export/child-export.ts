/**
 * Runs `exportWindows` in a child process for the crash test: config from EXPORT_CONFIG (native
 * JSON), planning time from EXPORT_NOW / EXPORT_FROM, a fixed lease owner so a re-run continues
 * the killed run's claim. Prints `started` once the clients are ready and `done` at the end.
 */
import { jobConfigFromValue } from '../../../shared/config/index.js';
import { createExportContext, exportWindows } from '../../../shared/export/index.js';
import { FAST } from './helpers.js';

const config = jobConfigFromValue(JSON.parse(process.env.EXPORT_CONFIG ?? '{}')).config;
const context = await createExportContext(config, { options: FAST });
process.stdout.write('started\n');
const result = await exportWindows({
  config,
  context,
  now: Number(process.env.EXPORT_NOW),
  from: Number(process.env.EXPORT_FROM),
  owner: 'crash-test',
});
process.stdout.write(result.error ? `failed ${result.error.message}\n` : `done ${result.windows.length}\n`);
