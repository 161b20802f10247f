/** Process entry of `ots2oss` (bin/ots2oss.js loads this): real streams, env and clock. */
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: { write: (s) => void process.stdout.write(s) },
  stderr: { write: (s) => void process.stderr.write(s), stream: process.stderr },
  isTTY: process.stdout.isTTY === true,
  now: () => Date.now(),
});
process.exitCode = code;
