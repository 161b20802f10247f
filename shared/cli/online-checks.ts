/**
 * `validate --online`: checks, in order, what a run needs from the services — Tablestore endpoint
 * and credentials, the data table, its Stream, the status table, and the OSS bucket. Each check
 * says ok or failed and, when failed, how to fix it; a check whose prerequisite failed is skipped.
 */
import type { JobConfig } from '../config/index.js';
import { SyncError } from '../errors.js';
import type { ObjectSink } from '../oss/index.js';
import { readSdkError } from '../tablestore/index.js';
import { type ReadClients, sdkCall } from './clients.js';

export interface CheckResult {
  readonly name: string;
  readonly state: 'ok' | 'failed' | 'skipped';
  readonly detail: string;
  /** What to do when it failed. */
  readonly fix?: string;
}

/** A one-line reason: our errors' messages; the SDK's raw errors decoded (OTS code: message). */
function reason(err: unknown): string {
  const text = err instanceof SyncError ? err.message : readSdkError(err).detail;
  return text.replace(/\s+/g, ' ').slice(0, 240);
}

const DENIED = /OTSAuthFailed|InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|403/;

export async function onlineChecks(
  config: JobConfig,
  clients: ReadClients,
  sink: ObjectSink,
): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  const ts = config.tablestore;
  let reachable = false;
  try {
    await sdkCall(clients.sdk, 'listTable', {});
    reachable = true;
    out.push({
      name: 'tablestore endpoint',
      state: 'ok',
      detail: `${ts.endpoint} instance ${ts.instanceName}`,
    });
  } catch (err) {
    const denied = DENIED.test(reason(err));
    out.push({
      name: 'tablestore endpoint',
      state: 'failed',
      detail: `${ts.endpoint} instance ${ts.instanceName}: ${reason(err)}`,
      fix: denied
        ? 'check reader.accessId/accessKey (or ALIBABA_CLOUD_ACCESS_KEY_*) and that the key may use this instance'
        : 'check reader.endpoint and reader.instanceName (e.g. https://<instance>.cn-hangzhou.ots.aliyuncs.com) and the network path to it',
    });
  }
  const skip = (name: string): CheckResult => ({
    name,
    state: 'skipped',
    detail: 'the Tablestore endpoint check failed',
  });
  if (!reachable) {
    out.push(skip('data table'), skip('stream'), skip('status table'));
  } else {
    let tableOk = false;
    try {
      await sdkCall(clients.sdk, 'describeTable', { tableName: ts.dataTable });
      tableOk = true;
      out.push({ name: 'data table', state: 'ok', detail: ts.dataTable });
    } catch (err) {
      out.push({
        name: 'data table',
        state: 'failed',
        detail: `${ts.dataTable}: ${reason(err)}`,
        fix: 'check reader.dataTable (case-sensitive) and that the key may DescribeTable on it',
      });
    }
    if (!tableOk) out.push({ name: 'stream', state: 'skipped', detail: 'the data table check failed' });
    else {
      try {
        const stream = (await clients.streams.listStream(ts.dataTable)).find(
          (s) => s.tableName === ts.dataTable,
        );
        if (!stream) {
          out.push({
            name: 'stream',
            state: 'failed',
            detail: `${ts.dataTable} has no Stream`,
            fix: 'enable the Stream on the table (console: table > Tunnels/Stream, or UpdateTable with streamSpecification.enableStream)',
          });
        } else {
          const d = await clients.streams.describeStream(stream.streamId);
          out.push({
            name: 'stream',
            state: 'ok',
            detail: `${d.streamId} ${d.status}, retention ${d.expirationHours} h, ${d.shards.length} shard(s)`,
          });
        }
      } catch (err) {
        out.push({
          name: 'stream',
          state: 'failed',
          detail: reason(err),
          fix: 'the key needs ListStream, DescribeStream, GetShardIterator and GetStreamRecord on the table',
        });
      }
    }
    try {
      await sdkCall(clients.sdk, 'describeTable', { tableName: ts.statusTable });
      out.push({ name: 'status table', state: 'ok', detail: `${ts.statusTable} exists` });
    } catch (err) {
      const missing = /OTSObjectNotExist|does not exist/.test(reason(err));
      out.push(
        missing
          ? {
              name: 'status table',
              state: 'ok',
              detail: `${ts.statusTable} does not exist yet; the first run creates it (needs CreateTable)`,
            }
          : {
              name: 'status table',
              state: 'failed',
              detail: `${ts.statusTable}: ${reason(err)}`,
              fix: 'check reader.statusTable and that the key may read, write and create it',
            },
      );
    }
  }
  try {
    await sink.list('_ots2oss/.validate-probe/');
    out.push({
      name: 'oss bucket',
      state: 'ok',
      detail: `${config.oss.endpoint} bucket ${config.oss.bucket}`,
    });
  } catch (err) {
    const text = reason(err);
    out.push({
      name: 'oss bucket',
      state: 'failed',
      detail: `${config.oss.endpoint} bucket ${config.oss.bucket}: ${text}`,
      fix: /NoSuchBucket/.test(text)
        ? "create the bucket or fix writer.bucket (the bucket must be in the endpoint's region)"
        : DENIED.test(text)
          ? "check writer.accessId/accessKey (or ALIBABA_CLOUD_ACCESS_KEY_*) and the key's OSS permissions on the bucket"
          : 'check writer.endpoint (e.g. https://oss-cn-hangzhou.aliyuncs.com) and the network path to it',
    });
  }
  return out;
}
