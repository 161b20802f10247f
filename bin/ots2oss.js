#!/usr/bin/env node
// `ots2oss`: runs the TypeScript CLI (shared/cli/main.ts) through tsx's loader, registered here
// so the bin works after a plain `npm install` (tsx is a runtime dependency) without a build step.
//
// Started without a heap limit, it first re-executes itself with one (bin/heap-flags.js): V8's
// limit is fixed at start-up, so it cannot be set from inside. Only node:child_process is loaded
// before that, so the waiting parent stays small (~40 MiB RSS).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { heapFlags } from './heap-flags.js';

let flags;
try {
  flags = heapFlags();
} catch (err) {
  console.error(`ots2oss: ${err.message}`);
  process.exit(2); // usage error, as for a bad option
}
if (flags.length > 0) {
  const child = spawn(
    process.execPath,
    [...flags, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // The child shares our terminal and process group, so Ctrl-C reaches it directly (we only wait
  // for it to end); SIGTERM/SIGHUP sent to this pid alone (kill, a supervisor) are passed on. The
  // CLI's own exit code or signal becomes ours.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`ots2oss: cannot start node: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../shared/cli/main.ts');
}
