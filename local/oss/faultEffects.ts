/**
 * What an injected fault does to one request: wait, fail with the given status/code, or cut the
 * connection while the request body arrives or while the response body leaves.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OssContext } from './context.js';
import { OssError } from './errors.js';
import type { FaultState } from './faults.js';

/** Applies a fault before the action; returns true when the request is finished (failed or cut). */
export async function applyFault(ctx: OssContext, fault: FaultState): Promise<boolean> {
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.status !== undefined) {
    throw new OssError(fault.status, fault.code ?? 'InternalError', fault.message ?? 'Injected fault.');
  }
  if (fault.cut === 'request') {
    const limit = fault.afterBytes ?? Math.floor(Number(ctx.req.headers['content-length'] ?? 0) / 2);
    let seen = 0;
    await new Promise<void>((resolve) => {
      if (limit === 0 || ctx.req.readableEnded) return resolve();
      ctx.req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= limit) resolve();
      });
      ctx.req.once('end', () => resolve());
      ctx.req.once('close', () => resolve());
    });
    ctx.req.socket.destroy();
    return true;
  }
  if (fault.cut === 'response') cutResponseAfter(ctx.res, fault.afterBytes ?? 0);
  return false;
}

/** Lets `afterBytes` of the response body through, then destroys the socket. */
function cutResponseAfter(res: ServerResponse, afterBytes: number): void {
  let sent = 0;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const cut = () => res.socket?.destroy();
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (sent + buf.length < afterBytes) {
      sent += buf.length;
      return write(buf, ...rest);
    }
    if (afterBytes > sent) write(buf.subarray(0, afterBytes - sent));
    sent = afterBytes;
    setImmediate(cut);
    return false;
  }) as typeof res.write;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const chunk = args[0];
    if (afterBytes === 0) {
      cut();
      return res;
    }
    if (chunk !== undefined && typeof chunk !== 'function') res.write(chunk);
    if (sent >= afterBytes) return res;
    return end();
  }) as typeof res.end;
}
