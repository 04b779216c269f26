/**
 * A request the site refuses on purpose (unknown learner, too many requests…):
 * the status, the code and the French sentence the page shows, and, for a
 * 429, when to come back. `handleApiFailure` turns it into the answer.
 */
export class Refusal extends Error {
  override name = "Refusal";
  constructor(
    readonly status: number,
    readonly code: string,
    /** French, for the learner. */
    readonly messageFr: string,
    /** English, for the log. */
    detail: string,
    /** Seconds after which the same request may succeed (Retry-After). */
    readonly retryAfterS?: number,
  ) {
    super(detail);
  }
}
