/** Runs the local OSS server in a child process (`npm run local -- --only oss`), for crash and RSS tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { localServerArgs } from '../../../local/launch.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildOss {
  child: ChildProcess;
  endpoint: string;
  port: number;
  /** Resolves once the process is gone. */
  exited: Promise<void>;
}

export async function startChildOss(dataDir: string, nodeArgs: string[] = []): Promise<ChildOss> {
  const child = spawn(
    process.execPath,
    localServerArgs(['--only', 'oss', '--port-base', '0', '--data-dir', dataDir], nodeArgs),
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oss child not ready in 30 s: ${stderr}`)), 30_000);
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(line.slice(6));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oss child exited with ${code}: ${stderr}`));
    });
  });
  const endpoint = (JSON.parse(ready) as { oss: { endpoint: string } }).oss.endpoint;
  return { child, endpoint, port: Number(new URL(endpoint).port), exited };
}

export async function killChild(
  server: ChildOss | undefined,
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  await server.exited;
}
