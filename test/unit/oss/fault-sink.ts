/** Test helper: an ObjectSink wrapper that fails or lies on chosen calls (fault injection). */
import type { ObjectSink } from '../../../shared/oss/index.js';

export type Faults = Partial<
  Record<keyof ObjectSink, (args: unknown[], call: number) => Error | { crc64: string } | undefined>
>;

export function withFaults(
  inner: ObjectSink,
  faults: Faults = {},
): ObjectSink & { injected: string[]; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const injected: string[] = [];
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'injected') return injected;
      if (prop === 'counts') return counts;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const name = String(prop);
        counts[name] = (counts[name] ?? 0) + 1;
        const fault = faults[name as keyof ObjectSink]?.(args, counts[name] as number);
        if (fault instanceof Error) {
          injected.push(`${name}#${counts[name]}`);
          throw fault;
        }
        const result = await value.apply(target, args);
        if (fault && 'crc64' in fault) {
          injected.push(`${name}#${counts[name]}:crc`);
          return { ...result, crc64: fault.crc64 };
        }
        return result;
      };
    },
  }) as ObjectSink & { injected: string[]; counts: Record<string, number> };
}
