/**
 * Reading the job's output back from the local OSS through `ali-oss`: the manifest chain, a copy
 * of every committed object under `<data-dir>/output/` (the OSS server's own files are
 * content-addressed), and the check that the rows equal the changes written, each exactly once.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseManifest, type Manifest } from '../../shared/export/manifest.js';
import { createOssClient } from '../../shared/oss/index.js';
import { expectedRows, type DemoChange } from './demo-workload.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss is driven as users' JS would */

export type ManifestView = Pick<Manifest, 'window' | 'objects' | 'counts'> & { key: string };

export function ossClient(
  info: { endpoint: string; accessKeyId: string; accessKeySecret: string },
  bucket: string,
): any {
  return createOssClient({ ...info, bucket });
}

/** Manifests of the live chain of `job`, in window order. */
export async function listManifests(
  oss: any,
  job: string,
  seen: Map<string, ManifestView>,
): Promise<ManifestView[]> {
  const listed = await oss.listV2({ prefix: `_ots2oss/${job}/manifests/`, 'max-keys': 1000 });
  for (const o of listed.objects ?? []) {
    if (seen.has(o.name)) continue;
    const m = parseManifest(o.name, (await oss.get(o.name)).content);
    seen.set(o.name, { key: o.name, window: m.window, objects: m.objects, counts: m.counts });
  }
  return [...seen.values()].sort((a, b) => a.window.start - b.window.start);
}

/** Copies a manifest's objects to `<dir>/<key>`; returns the local paths. */
export async function mirror(oss: any, manifest: ManifestView, dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const o of manifest.objects) {
    const path = join(dir, o.key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, (await oss.get(o.key)).content);
    paths.push(path);
  }
  return paths;
}

export interface Verdict {
  ok: boolean;
  rows: number;
  expectedRows: number;
  changes: number;
  problems: string[];
}

/**
 * The rows of `manifests` (as `mirror` copied them under `dir`) against the changes written in
 * windows `< windows`: same rows, per-key order, once.
 */
export async function verify(
  dir: string,
  manifests: readonly ManifestView[],
  changes: readonly DemoChange[],
  windows: number,
): Promise<Verdict> {
  const actual = new Map<string, string[]>();
  let rows = 0;
  for (const m of manifests) {
    for (const o of m.objects) {
      for (const r of parse(await readFile(join(dir, o.key))) as string[][]) {
        rows++;
        const list = actual.get(r[0]!) ?? [];
        list.push(r.join('|'));
        actual.set(r[0]!, list);
      }
    }
  }
  const counted = changes.filter((c) => c.window < windows);
  const expected = new Map<string, string[]>();
  let expectedCount = 0;
  for (const ch of counted)
    for (const r of expectedRows(ch)) {
      expectedCount++;
      const list = expected.get(r[0]!) ?? [];
      list.push(r.join('|'));
      expected.set(r[0]!, list);
    }
  const problems: string[] = [];
  for (const key of new Set([...actual.keys(), ...expected.keys()])) {
    const a = actual.get(key) ?? [];
    const e = expected.get(key) ?? [];
    if (a.join('\n') !== e.join('\n'))
      problems.push(
        `${key}: exported ${a.length} rows, expected ${e.length} (first difference at row ${a.findIndex((x, i) => x !== e[i])})`,
      );
  }
  return {
    ok: problems.length === 0 && rows === expectedCount,
    rows,
    expectedRows: expectedCount,
    changes: counted.length,
    problems,
  };
}
