/**
 * Local OSS server for `npm run local` and tests: `start(options)` per `local/contract.ts`.
 * READY info: endpoint (http://127.0.0.1:port; buckets in the Host header, or use
 * http://localhost:port with `sldEnable: true` for path-style and presigned URLs), region,
 * credentials, and `adminPath` for fault injection (see admin.ts / admin-client.ts).
 */
import type { AddressInfo } from 'node:net';
import type { StartServer } from '../contract.js';
import { ADMIN_PREFIX } from './admin.js';
import { FaultRegistry } from './faults.js';
import { createOssServer } from './server.js';
import { diskStore, memoryStore } from './store/ossStore.js';

export const DEFAULT_REGION = 'oss-cn-hangzhou';

export const start: StartServer = async (options) => {
  const store = options.dataDir ? await diskStore(options.dataDir) : memoryStore();
  const region = typeof options.extra.ossRegion === 'string' ? options.extra.ossRegion : DEFAULT_REGION;
  const faults = new FaultRegistry();
  const server = createOssServer({
    store,
    credentials: options.credentials,
    faults,
    settings: { region, now: () => Date.now() },
    log: (message) => process.stderr.write(`${message}\n`),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    info: {
      endpoint: `http://${options.host}:${port}`,
      instance: options.instance,
      accessKeyId: options.credentials.accessKeyId,
      accessKeySecret: options.credentials.accessKeySecret,
      region,
      localhostEndpoint: `http://localhost:${port}`,
      adminPath: ADMIN_PREFIX,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
