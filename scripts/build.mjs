#!/usr/bin/env node
// `npm run build [-- --functions-dir D] [--out-dir D] [--sourcemap] [--minify] [name ...]`
// Bundles every `functions/<name>/index.ts` into `dist/<name>/index.js` for FC's nodejs20 runtime:
// CommonJS (middy 7 is ESM-only; a bundle sidesteps require/ESM interop in the runtime), node20,
// with the SDKs FC preinstalls left external (reference fc-serverless-devs.md §6). Each output
// folder gets a package.json saying "commonjs", so the bundle also runs inside this ESM package
// (the local FC server loads it from here).
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Preinstalled in FC's nodejs18/20 runtimes, or an optional require fc2 would drag in. */
export const EXTERNALS = ['@alicloud/fc2', 'tablestore', 'proxy-agent'];

const { values, positionals } = parseArgs({
  options: {
    'functions-dir': { type: 'string', default: 'functions' },
    'out-dir': { type: 'string', default: 'dist' },
    sourcemap: { type: 'boolean', default: false },
    // Off by default: readable stack traces in FC logs; minifying measured no faster cold load.
    minify: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

const functionsDir = resolve(values['functions-dir']);
const outDir = resolve(values['out-dir']);

function listFunctions() {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir)
    .filter((name) => statSync(join(functionsDir, name)).isDirectory())
    .filter((name) => {
      const entry = join(functionsDir, name, 'index.ts');
      if (existsSync(entry)) return true;
      console.warn(`build: skipping ${relative(process.cwd(), join(functionsDir, name))}: no index.ts`);
      return false;
    })
    .sort();
}

const found = listFunctions();
const unknown = positionals.filter((name) => !found.includes(name));
if (unknown.length > 0) {
  console.error(
    `build: no function ${unknown.join(', ')} under ${relative(process.cwd(), functionsDir) || '.'} (have: ${found.join(', ') || 'none'})`,
  );
  process.exit(1);
}
const names = positionals.length > 0 ? positionals : found;
if (names.length === 0) {
  console.warn(`build: no functions/<name>/index.ts under ${functionsDir}; nothing to bundle`);
  process.exit(0);
}

let failed = false;
for (const name of names) {
  const target = join(outDir, name);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  try {
    const result = await build({
      entryPoints: [join(functionsDir, name, 'index.ts')],
      outfile: join(target, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: EXTERNALS,
      // Prefer packages' ESM builds: jsonc-parser's UMD main requires its modules dynamically,
      // which a bundle cannot follow.
      mainFields: ['module', 'main'],
      sourcemap: values.sourcemap ? 'linked' : false,
      minify: values.minify,
      metafile: true,
      logLevel: 'warning',
    });
    await writeFile(join(target, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    console.log(
      `build: ${name} → ${relative(process.cwd(), join(target, 'index.js'))} (${(bytes / 1024).toFixed(1)} KiB)`,
    );
  } catch {
    // esbuild has already printed the errors with file and line.
    console.error(`build: ${name} failed`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
