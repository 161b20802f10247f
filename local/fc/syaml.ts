/**
 * Reads a Serverless Devs s.yaml (edition 3.0.0, fc3 component) into `FunctionSpec`s. Every
 * problem is an `SYamlError` naming the YAML path (and line), e.g.
 * `resources.shard.props.triggers[0].triggerConfig.cronExpression`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { parseSchedule } from './cron.js';
import { SYamlError } from './errors.js';
import { resolveTree, VarError, type VarScope } from './syaml-vars.js';
import type { FunctionSpec, HttpTrigger, SYamlProject, TimerTrigger } from './types.js';

type Obj = Record<string, unknown>;
type Path = (string | number)[];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'];
/** Trigger types FC has but this server does not fire; anything else is a typo. */
const OTHER_TRIGGER_TYPES = [
  'oss',
  'log',
  'mns_topic',
  'cdn_events',
  'tablestore',
  'rds',
  'eventbridge',
  'mq_rocketmq',
];

export interface LoadOptions {
  accountId: string;
  env?: Record<string, string | undefined>;
}

export function loadSYaml(file: string, options: LoadOptions): SYamlProject {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SYamlError(path, '', `cannot read the file (${(err as Error).message})`, undefined, {
      cause: err,
    });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const fail = (at: Path, problem: string): never => {
    throw new SYamlError(path, formatPath(at), problem, lineOf(doc, lines, at));
  };
  const firstError = doc.errors[0];
  if (firstError)
    throw new SYamlError(
      path,
      '',
      `not valid YAML: ${firstError.message}`,
      lines.linePos(firstError.pos[0]).line,
    );
  const root = doc.toJS() as unknown;
  if (!isObj(root)) return fail([], 'expected a mapping with edition, name and resources');
  if (String(root.edition) !== '3.0.0')
    fail(['edition'], `must be 3.0.0 (fc3 layout), found ${JSON.stringify(root.edition)}`);
  if (!isObj(root.resources))
    return fail(['resources'], 'missing: a mapping of resource name → { component, props }');

  const resources = Object.fromEntries(
    Object.entries(root.resources).map(([k, v]) => [k, { props: isObj(v) ? v.props : undefined }]),
  );
  const scope: VarScope = {
    vars: root.vars ?? {},
    env: { ...dotEnv(dirname(path)), ...(options.env ?? process.env) },
    config: { AccountID: options.accountId },
    resources,
  };
  const functions = new Map<string, FunctionSpec>();
  for (const [key, raw] of Object.entries(root.resources)) {
    const at: Path = ['resources', key];
    if (!isObj(raw)) fail(at, 'expected a mapping with component and props');
    const resource = raw as Obj;
    if (resource.component !== 'fc3') continue; // other components (domains, ...) are not functions
    let props: unknown;
    try {
      props = resolveTree(resource.props, { ...scope, self: key });
    } catch (err) {
      if (!(err instanceof VarError)) throw err;
      fail([...at, 'props'], err.message);
    }
    if (!isObj(props))
      return fail([...at, 'props'], 'missing: fc3 needs props with functionName, runtime, code, handler');
    const spec = readFunction(key, props, dirname(path), (p, m) => fail([...at, 'props', ...p], m));
    if (functions.has(spec.name))
      fail([...at, 'props', 'functionName'], `function "${spec.name}" is defined twice`);
    functions.set(spec.name, spec);
  }
  return { file: path, name: typeof root.name === 'string' ? root.name : '', functions };
}

type Fail = (at: Path, problem: string) => never;

function readFunction(resource: string, p: Obj, baseDir: string, fail: Fail): FunctionSpec {
  const name = reqString(p, 'functionName', fail);
  const runtime = reqString(p, 'runtime', fail);
  const code = p.code;
  if (typeof code !== 'string')
    fail(
      ['code'],
      'missing: a code directory, e.g. ./dist/shard (zip, URL and OSS code are not served locally)',
    );
  const isCustom = runtime.startsWith('custom');
  const handler = isCustom ? String(p.handler ?? '') : reqString(p, 'handler', fail);
  if (!isCustom && !/^[\w./-]+\.[A-Za-z_$][\w$]*$/.test(handler))
    fail(['handler'], `"${handler}" is not "file.export", e.g. index.handler`);
  const timeoutSec = optNumber(p, 'timeout', 3, 1, 86400, fail);
  const memoryMB = optNumber(p, 'memorySize', 512, 128, 32768, fail);
  const env = p.environmentVariables ?? {};
  if (!isObj(env)) fail(['environmentVariables'], 'expected a mapping of NAME: value');
  const environment = Object.fromEntries(
    Object.entries(env as Obj).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  return {
    resource,
    name,
    region: typeof p.region === 'string' ? p.region : 'cn-hangzhou',
    runtime,
    codeDir: resolve(baseDir, code as string),
    handler,
    timeoutSec,
    memoryMB,
    environment,
    role: typeof p.role === 'string' ? p.role : undefined,
    asyncConfig: readAsyncConfig(p.asyncInvokeConfig, fail),
    ...readTriggers(p.triggers, fail),
  };
}

function readAsyncConfig(raw: unknown, fail: Fail): FunctionSpec['asyncConfig'] {
  if (raw === undefined) return { maxRetries: 3, maxEventAgeSec: 18000 };
  if (!isObj(raw)) return fail(['asyncInvokeConfig'], 'expected a mapping');
  const f: Fail = (at, m) => fail(['asyncInvokeConfig', ...at], m);
  const dest = raw.destinationConfig;
  if (dest !== undefined && !isObj(dest))
    f(['destinationConfig'], 'expected { onSuccess?: {destination}, onFailure?: {destination} }');
  const destination = (kind: 'onSuccess' | 'onFailure') => {
    const d = isObj(dest) ? dest[kind] : undefined;
    if (d === undefined) return undefined;
    if (!isObj(d) || typeof d.destination !== 'string')
      return f(['destinationConfig', kind, 'destination'], 'expected an ARN string');
    if (!/^acs:(fc|mns):/.test(d.destination))
      f(['destinationConfig', kind, 'destination'], `"${d.destination}" is not an acs:fc: or acs:mns: ARN`);
    return d.destination;
  };
  return {
    maxRetries: optNumber(raw, 'maxAsyncRetryAttempts', 3, 0, 8, f),
    maxEventAgeSec: optNumber(raw, 'maxAsyncEventAgeInSeconds', 18000, 1, 2592000, f),
    onSuccess: destination('onSuccess'),
    onFailure: destination('onFailure'),
  };
}

function readTriggers(raw: unknown, fail: Fail): Pick<FunctionSpec, 'timers' | 'http' | 'otherTriggers'> {
  const out = {
    timers: [] as TimerTrigger[],
    http: [] as HttpTrigger[],
    otherTriggers: [] as { name: string; type: string }[],
  };
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) return fail(['triggers'], 'expected a list of triggers');
  raw.forEach((t: unknown, i) => {
    const f: Fail = (at, m) => fail(['triggers', i, ...at], m);
    if (!isObj(t)) return f([], 'expected a mapping with triggerName, triggerType, triggerConfig');
    const name = reqString(t, 'triggerName', f);
    const type = reqString(t, 'triggerType', f);
    const config = t.triggerConfig;
    if (type === 'timer' || type === 'http') {
      if (!isObj(config)) return f(['triggerConfig'], `missing: a ${type} trigger needs triggerConfig`);
      const cf: Fail = (at, m) => f(['triggerConfig', ...at], m);
      if (type === 'timer') out.timers.push(readTimer(name, config, cf));
      else out.http.push(readHttp(name, config, cf));
    } else if (OTHER_TRIGGER_TYPES.includes(type)) {
      out.otherTriggers.push({ name, type });
    } else {
      f(
        ['triggerType'],
        `unknown trigger type "${type}"; FC has timer, http, ${OTHER_TRIGGER_TYPES.join(', ')}`,
      );
    }
  });
  return out;
}

function readTimer(name: string, c: Obj, fail: Fail): TimerTrigger {
  const expression = reqString(c, 'cronExpression', fail);
  if (typeof c.enable !== 'boolean') fail(['enable'], 'missing: true or false (fc3 requires it)');
  if (c.payload !== undefined && typeof c.payload !== 'string')
    fail(['payload'], 'must be a string (FC passes it as is; JSON goes in quotes)');
  try {
    return {
      name,
      expression,
      schedule: parseSchedule(expression),
      enabled: c.enable as boolean,
      payload: c.payload as string | undefined,
    };
  } catch (err) {
    return fail(['cronExpression'], (err as Error).message);
  }
}

function readHttp(name: string, c: Obj, fail: Fail): HttpTrigger {
  const authType = reqString(c, 'authType', fail);
  if (!['anonymous', 'function', 'jwt'].includes(authType))
    fail(['authType'], `"${authType}" is not anonymous, function or jwt`);
  const methods = c.methods;
  if (!Array.isArray(methods) || methods.length === 0)
    return fail(['methods'], `missing: a list of ${HTTP_METHODS.join(', ')}`);
  methods.forEach((m, i) => {
    if (!HTTP_METHODS.includes(String(m)))
      fail(['methods', i], `"${String(m)}" is not one of ${HTTP_METHODS.join(', ')}`);
  });
  return { name, authType: authType as HttpTrigger['authType'], methods: methods.map(String) };
}

function reqString(o: Obj, key: string, fail: Fail): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '')
    return fail(
      [key],
      v === undefined ? 'missing' : `must be a non-empty string, found ${JSON.stringify(v)}`,
    );
  return v;
}

function optNumber(o: Obj, key: string, def: number, min: number, max: number, fail: Fail): number {
  const v = o[key];
  if (v === undefined) return def;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max)
    fail([key], `must be a number from ${min} to ${max}, found ${JSON.stringify(v)}`);
  return n as number;
}

/** Like `s`, read a `.env` beside s.yaml; the process environment wins over it. */
function dotEnv(dir: string): Record<string, string> {
  const file = join(dir, '.env');
  return existsSync(file) ? (parseEnv(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function formatPath(at: Path): string {
  return at.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** The line of the deepest node that exists on the path (the parent, for a missing key). */
function lineOf(doc: Document, lines: LineCounter, at: Path): number | undefined {
  for (let n = at.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
