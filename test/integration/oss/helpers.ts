/** Shared setup for the OSS integration tests: the local OSS server, a bucket, and a sink on it. */
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { AliOssSink, crc64, createOssClient, type MergeSource } from '../../../shared/oss/index.js';

/** Starts the local stack with only OSS, creates `bucket` and returns a sink on it. */
export async function startOssSink(bucket: string): Promise<{ stack: LocalStack; sink: AliOssSink }> {
  const stack = await startLocalStack({ only: ['oss'] });
  try {
    const info = stack.info.oss!;
    const client = createOssClient({
      endpoint: info.endpoint,
      bucket,
      accessKeyId: info.accessKeyId,
      accessKeySecret: info.accessKeySecret,
    });
    await client.putBucket(bucket);
    return { stack, sink: new AliOssSink(client) };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

/** Writes `bodies` as `<prefix>00000`, `<prefix>00001`, … and returns them as merge sources. */
export async function stageObjects(
  sink: AliOssSink,
  prefix: string,
  bodies: Buffer[],
  skip = 0,
): Promise<MergeSource[]> {
  const out: MergeSource[] = [];
  for (const [i, b] of bodies.entries()) {
    const key = `${prefix}${String(i).padStart(5, '0')}`;
    await sink.put(key, b);
    out.push({ key, size: b.length, crc64: crc64(b), rows: 1, ...(i > 0 && skip ? { skip } : {}) });
  }
  return out;
}
