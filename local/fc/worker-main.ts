/**
 * Runs inside a worker process: one function instance, one invocation at a time (FC 3.0 built-in
 * runtimes). Loads the handler once, calls it with FC's event (a Buffer) and context, and sends
 * back the result, an error, and everything the function printed, tagged with the request id.
 */
import Module, { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { FromWorker, InvocationError, ToWorker, WorkerFunction } from './worker-protocol.js';

type Handler = (
  event: Buffer,
  context: unknown,
  callback?: (err: unknown, result?: unknown) => void,
) => unknown;

let fn: WorkerFunction | undefined;
let handler: Handler | undefined;
let current = '';

const send = (msg: FromWorker) => process.send?.(msg);

// Everything the function prints belongs to the request in flight (one at a time per process).
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    send({
      type: 'log',
      requestId: current,
      text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'),
    });
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  }) as typeof stream.write;
}

function toError(err: unknown): InvocationError {
  if (err instanceof Error) {
    // Only the function's own frames: the runtime's are noise to its author.
    const frames = err.stack
      ?.split('\n')
      .slice(1)
      .map((l) => l.trim());
    return {
      errorMessage: err.message,
      errorType: err.name,
      stackTrace: frames?.filter((l) => !/local-fc-worker|worker-main|node:internal|node:events/.test(l)),
    };
  }
  return { errorMessage: typeof err === 'string' ? err : format('%o', err), errorType: 'Error' };
}

// A crash outside the handler's promise is FC's "Process exited unexpectedly": the server sees the
// exit. The last words go over IPC first (ordered before the exit), then the process ends.
function die(what: string): void {
  const text = `${new Date().toISOString()} ${current} [ERROR] ${what}\n`;
  const exit = () => process.exit(129);
  setTimeout(exit, 200);
  if (process.send)
    process.send({ type: 'log', requestId: current, text } satisfies FromWorker, undefined, {}, exit);
  else exit();
}
process.on('uncaughtException', (err) => die(`uncaught exception: ${err.stack ?? String(err)}`));
process.on('unhandledRejection', (err) => die(`unhandled rejection: ${format('%o', err)}`));

// FC's code dir is the root of its world: a `.js` file there is CommonJS unless a package.json
// inside the code dir says otherwise, whatever package.json lies above it on this machine (ours
// says "type": "module"). Node's own `.js` loader would refuse, so files under a code dir compile
// directly.
const nodeJsLoader = (Module as unknown as { _extensions: Record<string, (m: unknown, f: string) => void> })
  ._extensions;
const defaultJs = nodeJsLoader['.js'] as (m: unknown, f: string) => void;
nodeJsLoader['.js'] = (module, filename) => {
  if (fn && filename.startsWith(fn.codeDir) && !isModuleScope(dirname(filename), fn.codeDir)) {
    (module as { _compile(src: string, file: string): void })._compile(
      readFileSync(filename, 'utf8'),
      filename,
    );
  } else defaultJs(module, filename);
};

/** FC: `.mjs`, or `.js` under a package.json with "type": "module" in the code dir → ESM; else CommonJS. */
async function loadHandler(f: WorkerFunction): Promise<Handler> {
  if (!f.runtime.startsWith('nodejs')) {
    throw Object.assign(
      new Error(`runtime ${f.runtime} is not served locally; only the nodejs runtimes run here`),
      {
        name: 'RuntimeNotSupported',
      },
    );
  }
  const dot = f.handler.lastIndexOf('.');
  const file = f.handler.slice(0, dot);
  const exportName = f.handler.slice(dot + 1);
  const base = join(f.codeDir, file);
  const candidates = [`${base}.js`, `${base}.mjs`, `${base}.cjs`];
  const path = candidates.find((c) => existsSync(c));
  if (!path)
    throw Object.assign(new Error(`Cannot find module '${file}' in ${f.codeDir} (handler ${f.handler})`), {
      name: 'ImportModuleError',
    });
  const mod = (
    path.endsWith('.mjs') || isModuleScope(dirname(path), f.codeDir)
      ? await import(pathToFileURL(path).href)
      : createRequire(path)(path)
  ) as Record<string, unknown>;
  const h = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof h !== 'function') {
    throw Object.assign(
      new Error(
        `${f.handler} is undefined or not exported (${path} exports: ${Object.keys(mod).join(', ')})`,
      ),
      {
        name: 'HandlerNotFound',
      },
    );
  }
  return h as Handler;
}

function isModuleScope(dir: string, codeDir: string): boolean {
  for (let d = dir; d.startsWith(codeDir); d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg))
      return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
    if (d === dirname(d)) break;
  }
  return false;
}

function makeContext(f: WorkerFunction, requestId: string) {
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      process.stdout.write(`${new Date().toISOString()} ${requestId} [${level}] ${format(...args)}\n`);
  return {
    requestId,
    credentials: f.credentials,
    function: { name: f.name, handler: f.handler, memory: f.memoryMB, timeout: f.timeoutSec },
    service: { name: '', logProject: '', logStore: '', qualifier: 'LATEST', versionId: '' },
    region: f.region,
    accountId: f.accountId,
    tracing: {},
    logger: {
      debug: log('DEBUG'),
      info: log('INFO'),
      warn: log('WARN'),
      error: log('ERROR'),
      log: log('INFO'),
    },
  };
}

function encodeResult(value: unknown): Pick<Extract<FromWorker, { type: 'result' }>, 'body' | 'kind'> {
  if (value === undefined || value === null) return { kind: 'empty' };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { kind: 'buffer', body: value };
  if (typeof value === 'string') return { kind: 'string', body: Buffer.from(value) };
  if (typeof value === 'object') return { kind: 'json', body: Buffer.from(JSON.stringify(value)) };
  return { kind: 'string', body: Buffer.from(String(value)) };
}

async function invoke(requestId: string, event: Buffer): Promise<void> {
  current = requestId;
  const startedAt = performance.timeOrigin + performance.now();
  try {
    const h = handler as Handler;
    const context = makeContext(fn as WorkerFunction, requestId);
    const value =
      h.length >= 3
        ? await new Promise((res, rej) => {
            const out = h(event, context, (err, result) => (err ? rej(err) : res(result)));
            if (out && typeof (out as Promise<unknown>).then === 'function')
              (out as Promise<unknown>).then(res, rej);
          })
        : await h(event, context);
    send({ type: 'result', requestId, startedAt, ok: true, ...encodeResult(value) });
  } catch (err) {
    send({ type: 'result', requestId, startedAt, ok: false, error: toError(err) });
  }
}

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    fn = msg.fn;
    Object.assign(process.env, msg.fn.env);
    Promise.resolve()
      .then(() => {
        if (!existsSync(msg.fn.codeDir)) {
          throw Object.assign(
            new Error(`code directory ${msg.fn.codeDir} does not exist (not built yet? e.g. npm run build)`),
            {
              name: 'ImportModuleError',
            },
          );
        }
        process.chdir(msg.fn.codeDir);
      })
      .then(() => loadHandler(msg.fn))
      .then(
        (h) => {
          handler = h;
          send({ type: 'ready' });
        },
        (err: unknown) => send({ type: 'init-error', error: toError(err) }),
      );
  } else if (msg.type === 'invoke') {
    void invoke(msg.requestId, Buffer.from(msg.event.buffer, msg.event.byteOffset, msg.event.byteLength));
  }
});
// The server went away (closed, crashed, killed): an instance never outlives it.
process.on('disconnect', () => process.exit(0));
send({ type: 'up' });
