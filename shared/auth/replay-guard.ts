/**
 * Remembers signatures already accepted until their timestamp leaves the skew window, so a
 * captured request cannot be sent again. In memory, per function instance: FC may route a replay
 * to another instance, so this narrows the window; the time bound is what closes it.
 */
export class ReplayGuard {
  private readonly expiry = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  /** True if `key` was already seen and has not expired; otherwise records it until `expiresAt`. */
  checkAndRemember(key: string, expiresAt: number, now: number): boolean {
    const known = this.expiry.get(key);
    if (known !== undefined && known > now) return true;
    this.expiry.set(key, expiresAt);
    if (this.expiry.size > this.maxEntries) this.prune(now);
    return false;
  }

  get size(): number {
    return this.expiry.size;
  }

  private prune(now: number): void {
    for (const [key, expiresAt] of this.expiry) if (expiresAt <= now) this.expiry.delete(key);
    // Still full of live entries: drop the oldest (Map keeps insertion order).
    for (const key of this.expiry.keys()) {
      if (this.expiry.size <= this.maxEntries) break;
      this.expiry.delete(key);
    }
  }
}
