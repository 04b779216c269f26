import { randomBytes } from "node:crypto";

/**
 * « C'est bien moi » on another browser: someone joins a workshop under a
 * name a member already has. They are not let in as that member (anyone can
 * type a name): the workshop's trainer sees the request on the roster and
 * confirms it (the new browser becomes that learner, with their progress)
 * or refuses it (the person chooses another name).
 *
 * In this process's memory: a request lives a few minutes and a person
 * waits in front of it; after a restart of the site, they ask again.
 */
export interface Claim {
  id: string;
  workshopId: string;
  /** The learner id of the browser asking. */
  claimant: string;
  /** The member they say they are. */
  member: string;
  name: string;
  at: number;
  status: "pending" | "accepted" | "refused";
}

export const CLAIM_TTL_MS = 15 * 60_000;

/** Names compare as a person reads them: case, accents' encoding and spaces do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("fr");
  return norm(a) === norm(b);
}

export class WorkshopClaims {
  private readonly claims = new Map<string, Claim>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The claimant's request to be `member` (one per claimant: a new one replaces theirs). */
  open(workshopId: string, claimant: string, member: string, name: string): Claim {
    this.prune();
    for (const [id, c] of this.claims) if (c.claimant === claimant) this.claims.delete(id);
    const claim: Claim = { id: randomBytes(8).toString("hex"), workshopId, claimant, member, name, at: this.now(), status: "pending" };
    this.claims.set(claim.id, claim);
    return claim;
  }

  /** The requests a trainer has to answer, oldest first. */
  pending(workshopId: string): Claim[] {
    this.prune();
    return [...this.claims.values()].filter((c) => c.workshopId === workshopId && c.status === "pending").sort((a, b) => a.at - b.at);
  }

  /** The trainer's answer; null when there is no such pending request in this workshop. */
  decide(workshopId: string, id: string, accept: boolean): Claim | null {
    this.prune();
    const claim = this.claims.get(id);
    if (!claim || claim.workshopId !== workshopId || claim.status !== "pending") return null;
    claim.status = accept ? "accepted" : "refused";
    return claim;
  }

  /** The claimant's latest request; an answered one is handed over once, then forgotten. */
  ofClaimant(claimant: string): Claim | null {
    this.prune();
    for (const [id, c] of this.claims) {
      if (c.claimant !== claimant) continue;
      if (c.status !== "pending") this.claims.delete(id);
      return c;
    }
    return null;
  }

  private prune(): void {
    const oldest = this.now() - CLAIM_TTL_MS;
    for (const [id, c] of this.claims) if (c.at < oldest) this.claims.delete(id);
  }
}

const KEY = Symbol.for("quai.workshops.claims");
const holder = globalThis as typeof globalThis & { [KEY]?: WorkshopClaims };

export function workshopClaims(): WorkshopClaims {
  holder[KEY] ??= new WorkshopClaims();
  return holder[KEY];
}
