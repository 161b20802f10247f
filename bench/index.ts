/**
 * `npm run bench -- NAME [args]` runs `bench/NAME.ts`; without NAME, every benchmark in turn.
 * Each benchmark compares against a peer in the same run and prints one JSON summary line last.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();
const [name, ...args] = process.argv.slice(2);
if (name && !available.includes(name)) {
  console.error(`bench: unknown benchmark "${name}"; available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
let failed = false;
for (const bench of name ? [name] : available) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${bench}.ts`), ...args], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
