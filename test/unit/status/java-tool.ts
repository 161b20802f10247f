/**
 * Runs fixtures/DataxRows.java (the JDK reproducing DataX's encoding steps). Only the golden
 * fixture recorder and the optional live cross-check use it: the tests themselves compare against
 * fixtures/datax-golden.json, so `npm test` needs no JDK. Compiled once per process into a temp
 * dir (removed at exit). Asynchronous on purpose: a synchronous child would freeze the event loop
 * — and with it any in-process local server, whose idle keep-alive sockets then race the SDK's
 * next request (ECONNRESET).
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./fixtures/DataxRows.java', import.meta.url));
let compiled: Promise<string> | undefined;

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether both `javac` and `java` are on PATH (looked up without starting a process). */
export function jdkOnPath(): boolean {
  return onPath('javac') && onPath('java');
}

/** `java -version`'s first line plus `javac -version`, for the fixture's provenance note. */
export async function jdkVersion(): Promise<string> {
  const java = await run('java', ['-version'], { encoding: 'utf8' });
  const javac = await run('javac', ['-version'], { encoding: 'utf8' });
  const first = (s: string) => s.trim().split('\n')[0]?.trim() ?? '';
  return `${first(java.stderr || java.stdout)}; ${first(javac.stdout || javac.stderr)}`;
}

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
