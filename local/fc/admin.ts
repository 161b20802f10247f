/**
 * The local-only admin API under `/_local/` (not an FC path; no signature, loopback only):
 * functions and timers, invocations with attempts/durations/logs, a wait-until-idle call, MNS
 * destination messages, fault injection and async concurrency at run time. See admin-client.ts.
 */
import type { ServerResponse } from 'node:http';
import { parseFaults } from './faults.js';
import type { InvocationStatus, InvocationRecord } from './invocations.js';
import type { LocalFc } from './runtime.js';
import type { TimerScheduler } from './timers.js';

export interface AdminRequest {
  method: string;
  /** Path after `/_local`, e.g. `/invocations/abc`. */
  path: string;
  query: URLSearchParams;
  body: Buffer;
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

export async function handleAdmin(
  fc: LocalFc,
  timers: TimerScheduler,
  req: AdminRequest,
  res: ServerResponse,
): Promise<void> {
  const { method, path, query } = req;
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const route = `${method} /${parts[0] ?? ''}`;
  if (route === 'GET /functions') {
    const timerStates = timers.list();
    return json(res, 200, {
      functions: [...fc.functions.values()].map((f) => ({
        ...f,
        timers: f.timers.map(({ schedule: _s, ...t }) => ({
          ...t,
          ...timerStates.find((s) => s.functionName === f.name && s.trigger === t.name),
        })),
        http: f.http.map((h) => ({ ...h, path: `/http/${f.name}/` })),
      })),
    });
  }
  if (route === 'GET /invocations' && parts.length === 1) {
    const withLogs = query.get('logs') !== '0';
    const list = fc.store.list({
      functionName: query.get('function') ?? undefined,
      status: (query.get('status') as InvocationStatus | null) ?? undefined,
      source: (query.get('source') as InvocationRecord['source'] | null) ?? undefined,
      limit: query.has('limit') ? Number(query.get('limit')) : undefined,
    });
    return json(res, 200, { invocations: withLogs ? list : list.map((r) => ({ ...r, logs: undefined })) });
  }
  if (route === 'GET /invocations' && parts[1]) {
    const record = fc.store.get(parts[1]);
    return record ? json(res, 200, record) : json(res, 404, { error: `no invocation ${parts[1]}` });
  }
  if (route === 'POST /idle') {
    const timeoutMs = Number(query.get('timeoutMs') ?? 30_000);
    const idle = await fc.store.waitIdle(Number.isFinite(timeoutMs) ? timeoutMs : 30_000);
    return json(res, idle ? 200 : 408, { idle, inFlight: fc.store.inFlight });
  }
  if (route === 'GET /destinations') return json(res, 200, { messages: fc.store.mnsMessages });
  if (route === 'GET /async')
    return json(res, 200, { faults: fc.queues.faults, concurrency: fc.queues.concurrency });
  if (route === 'PUT /async') {
    let body: { faults?: string; concurrency?: number };
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body;
      if (body.faults !== undefined) fc.queues.setFaults(parseFaults(body.faults));
    } catch (err) {
      return json(res, 400, { error: (err as Error).message });
    }
    if (body.concurrency !== undefined) {
      if (!Number.isInteger(body.concurrency) || body.concurrency < 1)
        return json(res, 400, { error: 'concurrency must be an integer >= 1' });
      fc.queues.setConcurrency(body.concurrency);
    }
    return json(res, 200, { faults: fc.queues.faults, concurrency: fc.queues.concurrency });
  }
  if (route === 'POST /timers' && parts.length === 4 && parts[3] === 'fire') {
    const requestId = timers.fireNow(parts[1] as string, parts[2] as string);
    return requestId
      ? json(res, 202, { requestId })
      : json(res, 404, { error: `no timer trigger ${parts[2]} on function ${parts[1]}` });
  }
  return json(res, 404, {
    error: `unknown admin route ${method} /_local${path}`,
    routes: [
      'GET /functions',
      'GET /invocations',
      'GET /invocations/:id',
      'POST /idle',
      'GET /destinations',
      'GET|PUT /async',
      'POST /timers/:fn/:trigger/fire',
    ],
  });
}
