import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Refusal } from "../refusal";
import { addressBucket } from "./address-bucket";

export interface BudgetRule {
  /** Requests allowed per window. */
  points: number;
  windowS: number;
  /** The answer once they are spent (retryAfterS: when the window ends). */
  refusal: (retryAfterS: number) => Refusal;
}

/**
 * So many requests per window for each learner and for each client address,
 * all learners behind it together; a request needs room in both. Fixed
 * windows, in memory (rate-limiter-flexible): one site process, and a
 * restart forgets the counts, which costs at most one window's worth.
 */
export class Budget {
  private readonly learners: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;

  constructor(
    private readonly perLearner: BudgetRule,
    private readonly perAddress: BudgetRule,
  ) {
    this.learners = new RateLimiterMemory({ points: perLearner.points, duration: perLearner.windowS });
    this.addresses = new RateLimiterMemory({ points: perAddress.points, duration: perAddress.windowS });
  }

  /** Takes one from both, or throws the Refusal of the one that has none left (and keeps nothing taken). */
  async take(learnerId: string, address: string): Promise<void> {
    await consume(this.learners, learnerId, this.perLearner);
    try {
      await consume(this.addresses, addressBucket(address), this.perAddress);
    } catch (error) {
      await this.learners.reward(learnerId, 1);
      throw error;
    }
  }

  /** Gives back what take() took: the request made nothing. */
  async giveBack(learnerId: string, address: string): Promise<void> {
    await Promise.all([this.learners.reward(learnerId, 1), this.addresses.reward(addressBucket(address), 1)]);
  }

  /** Counts one that happened without take() (never refused: it is done). */
  async charge(learnerId: string, address: string): Promise<void> {
    await Promise.all([this.learners.penalty(learnerId, 1), this.addresses.penalty(addressBucket(address), 1)]);
  }
}

async function consume(limiter: RateLimiterMemory, key: string, rule: BudgetRule): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) throw rule.refusal(Math.ceil(rejected.msBeforeNext / 1000));
    throw rejected;
  }
}
