/** Starts the local FC server on a free port with the fixture s.yaml, plus real fc2 clients. */
import FC from '@alicloud/fc2';
import { fileURLToPath } from 'node:url';
import { start } from '../../../local/fc/index.js';
import { FcAdminClient } from '../../../local/fc/admin-client.js';
import type { RunningServer, ServerInfo } from '../../../local/contract.js';

export const FIXTURE_S_YAML = fileURLToPath(new URL('./fixtures/s.yaml', import.meta.url));
export const KEYS = { accessKeyId: 'fixture-ak', accessKeySecret: 'fixture-secret' };

export interface FixtureServer {
  server: RunningServer;
  info: ServerInfo & { accountId: string; region: string };
  /** fc2 on the FC 2.0 path (`invokeFunction`). */
  fc2: FC;
  /** fc2 switched to the FC 3.0 path (`version = '2023-03-30'`, `post('/functions/<f>/invocations')`). */
  fc3: FC;
  admin: FcAdminClient;
  close(): Promise<void>;
}

export function client(
  info: ServerInfo & { accountId: string },
  secret = KEYS.accessKeySecret,
  version?: string,
): FC {
  const c = new FC(info.accountId, {
    endpoint: info.endpoint,
    accessKeyID: KEYS.accessKeyId,
    accessKeySecret: secret,
    region: 'cn-shanghai',
  });
  if (version) c.version = version;
  return c;
}

export async function startFixtureServer(
  extra: Record<string, string | boolean | undefined> = {},
  peers: Record<string, ServerInfo> = {},
): Promise<FixtureServer> {
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    credentials: KEYS,
    instance: 'fixture-instance',
    peers,
    extra: { sYaml: FIXTURE_S_YAML, retryBaseMs: '20', ...extra },
  });
  const info = server.info as FixtureServer['info'];
  return {
    server,
    info,
    fc2: client(info),
    fc3: client(info, KEYS.accessKeySecret, '2023-03-30'),
    admin: new FcAdminClient(info.endpoint),
    close: () => server.close(),
  };
}

/** Invokes on the FC 3.0 path the way a function fanning out would. */
export function invoke3(fc3: FC, fn: string, body: string | Buffer, async = false) {
  return fc3.post(`/functions/${fn}/invocations`, body, async ? { 'x-fc-invocation-type': 'Async' } : {}, {
    qualifier: 'LATEST',
  });
}
