/**
 * `speed.mbps` throttling as a token bucket. The bucket is pure (time is passed in) and lets a
 * request larger than the burst through by going into debt, so a 10 MB part at 1 MB/s waits
 * ~10 s instead of never fitting. `Throttle` wraps it with a real clock and sleep.
 */

/** DataX/DataWorks `speed.mbps` is megabytes per second (MiB): bytes per second. */
export function mbpsToBytesPerSecond(mbps: number): number {
  return Math.round(mbps * 1024 * 1024);
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param rate bytes per second (> 0)
   * @param burst bucket size in bytes (default one second of rate)
   */
  constructor(
    readonly rate: number,
    readonly burst: number = rate,
    now = 0,
  ) {
    if (!(rate > 0)) throw new RangeError(`throttle rate must be > 0 bytes/s, got ${rate}`);
    if (!(burst > 0)) throw new RangeError(`throttle burst must be > 0 bytes, got ${burst}`);
    this.tokens = burst;
    this.last = now;
  }

  /** Takes `n` bytes at time `now` (ms); returns how many ms the caller must wait before sending. */
  take(n: number, now: number): number {
    this.refill(now);
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  /** Tokens available at `now` (negative while in debt). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
  }
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Awaitable throttle shared by every upload of one job run (one bucket = one `speed.mbps`). */
export class Throttle {
  private readonly bucket: TokenBucket;
  constructor(
    bytesPerSecond: number,
    private readonly clock: Clock = systemClock,
    burst?: number,
  ) {
    this.bucket = new TokenBucket(bytesPerSecond, burst ?? bytesPerSecond, clock.now());
  }

  async consume(bytes: number): Promise<void> {
    const wait = this.bucket.take(bytes, this.clock.now());
    if (wait > 0) await this.clock.sleep(wait);
  }
}
