/**
 * The waiting line of a full runner. When every place is taken, a learner
 * gets their position instead of a bare refusal, keeps asking (the site
 * polls), and enters as soon as a place frees — in arrival order, so that a
 * learner who asks more often cannot overtake one who waited longer. Someone
 * who stops asking (tab closed) leaves the line after `staleMs`.
 */
export class AdmissionQueue {
  private readonly waiting = new Map<string, { since: number; seen: number }>();

  constructor(private readonly staleMs = 30_000) {}

  get length(): number {
    return this.waiting.size;
  }

  /** 1-based position of `owner`, or 0 when not waiting. */
  position(owner: string): number {
    let i = 0;
    for (const key of this.waiting.keys()) {
      i++;
      if (key === owner) return i;
    }
    return 0;
  }

  /**
   * Whether `owner` may take one of `free` places now: one of the first
   * `free` of the line, or a newcomer when there is room for everyone who
   * waits and for them (those in line keep their places; someone who never
   * comes back to claim theirs cannot lock the door for the others).
   */
  mayEnter(owner: string, free: number): boolean {
    if (free <= 0) return false;
    const position = this.position(owner);
    return position > 0 ? position <= free : free > this.waiting.size;
  }

  /** Puts `owner` in line (once) and notes they are still there; returns their position. */
  wait(owner: string, now = Date.now()): number {
    const entry = this.waiting.get(owner);
    if (entry) entry.seen = now;
    else this.waiting.set(owner, { since: now, seen: now });
    return this.position(owner);
  }

  leave(owner: string): void {
    this.waiting.delete(owner);
  }

  /** Drops those who stopped asking. */
  prune(now = Date.now()): void {
    for (const [owner, entry] of this.waiting) if (now - entry.seen > this.staleMs) this.waiting.delete(owner);
  }
}
