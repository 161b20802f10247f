/**
 * Runs fixtures/DataxRows.java (the JDK reproducing DataX's encoding steps). Compiled once per
 * test process into a temp dir (removed at exit); `java File.java` would recompile on every call.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('./fixtures/DataxRows.java', import.meta.url));
let classDir: string | undefined;

export function runDataxJava(...args: string[]): string {
  if (!classDir) {
    const dir = mkdtempSync(join(tmpdir(), 'datax-rows-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    execFileSync('javac', ['-d', dir, SOURCE], { timeout: 120_000 });
    classDir = dir;
  }
  return execFileSync('java', ['-cp', classDir, 'DataxRows', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  }).trim();
}
