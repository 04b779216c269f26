/**
 * A token bucket that runs into debt instead of refusing: every frame is
 * charged (frames already read from the socket must still be handled), and
 * the answer is how long the reader should now wait before reading more.
 *
 * Hand-written rather than rate-limiter-flexible (which the site uses for
 * requests): this runs on every terminal frame, synchronously, and needs the
 * wait time rather than a yes/no promise.
 */
export class FrameBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond * 2,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.at = now();
  }

  /** Charges one frame; returns the milliseconds to wait before reading again (0: go on). */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }
}

/**
 * Stops reading a socket while any reason holds (a spent budget, a shell
 * that has not taken the last input yet) and reads again once none does.
 */
export class ReadGate {
  private holds = 0;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  get paused(): boolean {
    return this.holds > 0;
  }

  /** Holds the gate until `until` settles. */
  hold(until: Promise<unknown>): void {
    if (this.holds++ === 0) this.pause();
    void until.finally(() => {
      if (--this.holds === 0) this.resume();
    });
  }
}
