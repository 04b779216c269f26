import "server-only";
import { CHECKS_WINDOW_S, STARTS_WINDOW_S, getConfig } from "../config";
import type { RateLimits } from "../config";
import { Refusal } from "../refusal";
import { Budget } from "./budget";
import { retryInFr } from "./retry-in";

export interface Budgets {
  /** Sandboxes started (a new one, or a reset), the scarce thing: QUAI_SANDBOX_MAX seats for everyone. */
  starts: Budget;
  /** Exercise checks: each runs a script in the learner's sandbox. */
  checks: Budget;
}

const tooMany = (code: string, what: string) => (retryAfterS: number) =>
  new Refusal(429, code, `${what} Réessayez ${retryInFr(retryAfterS)}.`, `${code}: retry in ${retryAfterS} s`, retryAfterS);

export function createBudgets(limits: RateLimits): Budgets {
  return {
    starts: new Budget(
      { points: limits.startsPerLearner, windowS: STARTS_WINDOW_S, refusal: tooMany("too_many_starts", "Vous avez démarré ou réinitialisé trop de bacs à sable en peu de temps.") },
      {
        points: limits.startsPerAddress,
        windowS: STARTS_WINDOW_S,
        refusal: tooMany("too_many_starts_here", "Trop de bacs à sable ont été démarrés depuis votre réseau en peu de temps (si toute une salle partage cette adresse, la personne qui administre Quai peut relever QUAI_SANDBOX_STARTS_PER_ADDRESS)."),
      },
    ),
    checks: new Budget(
      { points: limits.checksPerLearner, windowS: CHECKS_WINDOW_S, refusal: tooMany("too_many_checks", "Trop de vérifications en peu de temps.") },
      { points: limits.checksPerAddress, windowS: CHECKS_WINDOW_S, refusal: tooMany("too_many_checks_here", "Trop de vérifications depuis votre réseau en peu de temps.") },
    ),
  };
}

// On globalThis: every route handler of the process must share one count.
const holder = globalThis as typeof globalThis & { __quaiBudgets?: Budgets };

export function budgets(): Budgets {
  holder.__quaiBudgets ??= createBudgets(getConfig().limits);
  return holder.__quaiBudgets;
}
