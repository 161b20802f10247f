/**
 * Runs fixtures/DataxRows.java (the JDK reproducing DataX's encoding steps). Compiled once per
 * test process into a temp dir (removed at exit). Asynchronous on purpose: a synchronous child
 * would freeze the event loop — and with it the in-process local servers, whose idle keep-alive
 * sockets then race the SDK's next request (ECONNRESET).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./fixtures/DataxRows.java', import.meta.url));
let compiled: Promise<string> | undefined;

function compile(): Promise<string> {
  compiled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datax-rows-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await run('javac', ['-d', dir, SOURCE], { timeout: 120_000 });
    return dir;
  })();
  return compiled;
}

export async function runDataxJava(...args: string[]): Promise<string> {
  const dir = await compile();
  const { stdout } = await run('java', ['-cp', dir, 'DataxRows', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return stdout.trim();
}
