/**
 * How `npm run local` runs the local servers, for whatever starts them as a child process
 * (benchmarks, crash tests): the same Node flags and entry point, so what they measure is what
 * users run. package.json's `local` script spells out the same flags (a unit test holds the two
 * together).
 */
import { fileURLToPath } from 'node:url';

/**
 * Mark the heap on the main thread, not on helper threads beside it. The servers keep a small
 * JS heap (~10 MB) beside large buffers, and every 64 MiB or so of buffers stored starts a full
 * collection of that small heap: about 4 per 256 MiB PUT to the OSS server. Marking it on up to
 * four helper threads cost more CPU than it saved on a 2-core machine: 820–830 ms of server CPU
 * per PUT became 730–750 ms, and the PUT 5 % faster (docs/BENCHMARKS.md, oss). Scavenges and
 * sweeping stay parallel: `--single-threaded-gc` saved as much here but made a bare HTTP server
 * draining the same bodies 15 % slower.
 */
export const LOCAL_NODE_FLAGS = ['--no-concurrent-marking'] as const;

const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));

/** `node` arguments that run `npm run local -- ...args`. */
export function localServerArgs(args: readonly string[], nodeArgs: readonly string[] = []): string[] {
  return [...LOCAL_NODE_FLAGS, ...nodeArgs, '--import', 'tsx', ENTRY, ...args];
}
