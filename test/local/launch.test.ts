import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LOCAL_NODE_FLAGS, localServerArgs } from '../../local/launch.js';

describe('local server launch', () => {
  it('package.json runs `npm run local` with the same Node flags as localServerArgs', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.local, `node ${LOCAL_NODE_FLAGS.join(' ')} --import tsx local/index.ts`);
  });

  it('puts Node flags before the entry point and server arguments after it', () => {
    const args = localServerArgs(['--only', 'oss'], ['--max-old-space-size=64']);
    const entry = args.findIndex((a) => a.endsWith('/local/index.ts'));
    assert.deepEqual(args.slice(0, entry), [
      ...LOCAL_NODE_FLAGS,
      '--max-old-space-size=64',
      '--import',
      'tsx',
    ]);
    assert.deepEqual(args.slice(entry + 1), ['--only', 'oss']);
  });
});
