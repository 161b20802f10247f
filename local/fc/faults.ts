/**
 * Fault injection for async delivery. FC delivers async events at least once and not in order;
 * these knobs make that happen on purpose so the product's exactly-once design gets exercised.
 * Parsed from `duplicate=0.3,reorder=0.2,seed=7` (env LOCAL_FC_FAULTS or the admin API).
 */
export interface FaultOptions {
  /** Probability that an accepted async event is delivered twice. */
  duplicate: number;
  /** Probability that an event is held back (up to `reorderDelayMs`) so later ones overtake it. */
  reorder: number;
  reorderDelayMs: number;
  seed: number;
}

export const NO_FAULTS: FaultOptions = { duplicate: 0, reorder: 0, reorderDelayMs: 200, seed: 1 };

export function parseFaults(text: string | undefined): FaultOptions {
  const out = { ...NO_FAULTS };
  for (const part of (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, value] = part.split('=');
    const n = Number(value);
    if (!(key && key in out) || !Number.isFinite(n) || n < 0) {
      throw new Error(
        `fault option "${part}" is not one of duplicate=P, reorder=P, reorderDelayMs=MS, seed=N`,
      );
    }
    if ((key === 'duplicate' || key === 'reorder') && n > 1)
      throw new Error(`fault option "${part}": a probability is 0..1`);
    out[key as keyof FaultOptions] = n;
  }
  return out;
}

/** Small seeded PRNG (mulberry32) so a fault-injection run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
