/**
 * `npm run local -- [--only tablestore,oss,fc] [--port-base N] [--data-dir DIR]`
 * Starts the asked-for local servers and prints `READY {json}` once all of them listen.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startLocalStack } from './stack.js';
import { SERVER_NAMES, DEFAULT_PORT_BASE, type ServerName } from './contract.js';

function parseOnly(value: string): ServerName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(SERVER_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(
        `unknown server "${name}"; use a comma list of ${SERVER_NAMES.join(', ')}`,
      );
    }
  }
  return names as ServerName[];
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65533) {
    throw new InvalidArgumentError(
      `port base must be an integer from 0 to 65533, e.g. --port-base ${DEFAULT_PORT_BASE}`,
    );
  }
  return n;
}

const program = new Command('local')
  .description('Run the local Tablestore, OSS and Function Compute servers')
  .option('--only <names>', 'comma list of servers to start', parseOnly, [...SERVER_NAMES])
  .option('--port-base <n>', 'tablestore listens on N, oss on N+1, fc on N+2', parsePort, DEFAULT_PORT_BASE)
  .option('--data-dir <dir>', 'persist state in this folder (in memory when absent)')
  .option('--instance <name>', 'Tablestore instance name', process.env.LOCAL_INSTANCE)
  .option('--s-yaml <path>', 'fc: serve the functions of this s.yaml (default: the project s.yaml)')
  .option('--timer-speed <factor>', 'fc: run timer triggers this many times faster')
  .allowUnknownOption(false);

program.parse();
const opts = program.opts<{
  only: ServerName[];
  portBase: number;
  dataDir?: string;
  instance?: string;
  sYaml?: string;
  timerSpeed?: string;
}>();

const stack = await startLocalStack({
  only: opts.only,
  portBase: opts.portBase,
  dataDir: opts.dataDir,
  instance: opts.instance,
  credentials: process.env.LOCAL_ACCESS_KEY_ID
    ? {
        accessKeyId: process.env.LOCAL_ACCESS_KEY_ID,
        accessKeySecret: process.env.LOCAL_ACCESS_KEY_SECRET ?? '',
      }
    : undefined,
  extra: { sYaml: opts.sYaml, timerSpeed: opts.timerSpeed },
});
process.stdout.write(`READY ${JSON.stringify(stack.info)}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`local: ${signal}, stopping\n`);
  stack.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`local: error while stopping: ${String(err)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
