import "server-only";
import { randomBytes } from "node:crypto";
import type { Database } from "../progress/database";

/**
 * « C'est bien moi » on another browser: someone joins a workshop under a
 * name a member already has. They are not let in as that member (anyone can
 * type a name): the workshop's trainer sees the request on the roster and
 * confirms it (the new browser becomes that learner, with their progress)
 * or refuses it (the person chooses another name).
 *
 * Kept in the progress database, so a request waiting for its answer, or an
 * answer waiting for its browser, survives a restart of the site. A request
 * lives a few minutes: a person waits in front of it.
 */
export interface Claim {
  id: string;
  workshopId: string;
  /** The learner id of the browser asking. */
  claimant: string;
  /** The member they say they are. */
  member: string;
  name: string;
  /** Milliseconds since the epoch. */
  at: number;
  status: "pending" | "accepted" | "refused";
}

export const CLAIM_TTL_MS = 15 * 60_000;

/** Names compare as a person reads them: case, accents' encoding and spaces do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("fr");
  return norm(a) === norm(b);
}

interface ClaimRow {
  id: string;
  workshop_id: string;
  claimant: string;
  member: string;
  display_name: string;
  created_at: string;
  status: Claim["status"];
}

const toClaim = (r: ClaimRow): Claim => ({
  id: r.id,
  workshopId: r.workshop_id,
  claimant: r.claimant,
  member: r.member,
  name: r.display_name,
  at: Date.parse(r.created_at),
  status: r.status,
});

export class WorkshopClaims {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The claimant's request to be `member` (one per claimant: a new one replaces theirs). */
  async open(workshopId: string, claimant: string, member: string, name: string): Promise<Claim> {
    const claim: Claim = { id: randomBytes(8).toString("hex"), workshopId, claimant, member, name, at: this.now(), status: "pending" };
    await this.db.transaction(async (tx) => {
      await tx.run("DELETE FROM workshop_claims WHERE claimant = $1", [claimant]);
      await tx.run("INSERT INTO workshop_claims (id, workshop_id, claimant, member, display_name, created_at, status) VALUES ($1, $2, $3, $4, $5, $6, 'pending')", [
        claim.id,
        workshopId,
        claimant,
        member,
        name,
        new Date(claim.at).toISOString(),
      ]);
    });
    return claim;
  }

  /** The requests a trainer has to answer, oldest first. */
  async pending(workshopId: string): Promise<Claim[]> {
    await this.prune();
    const rows = await this.db.all<ClaimRow>("SELECT * FROM workshop_claims WHERE workshop_id = $1 AND status = 'pending' ORDER BY created_at, id", [workshopId]);
    return rows.map(toClaim);
  }

  /** The trainer's answer; null when there is no such pending request in this workshop. */
  async decide(workshopId: string, id: string, accept: boolean): Promise<Claim | null> {
    await this.prune();
    const status = accept ? "accepted" : "refused";
    // One statement: two trainers answering at once, one of them wins.
    const changed = await this.db.run("UPDATE workshop_claims SET status = $1 WHERE id = $2 AND workshop_id = $3 AND status = 'pending'", [status, id, workshopId]);
    if (changed === 0) return null;
    const row = await this.db.get<ClaimRow>("SELECT * FROM workshop_claims WHERE id = $1", [id]);
    return row ? toClaim(row) : null;
  }

  /** The claimant's latest request; an answered one is handed over once, then forgotten. */
  async ofClaimant(claimant: string): Promise<Claim | null> {
    await this.prune();
    const row = await this.db.get<ClaimRow>("SELECT * FROM workshop_claims WHERE claimant = $1 ORDER BY created_at DESC LIMIT 1", [claimant]);
    if (!row) return null;
    if (row.status !== "pending") {
      // Handed over once: only the caller that deletes it gets the answer.
      if ((await this.db.run("DELETE FROM workshop_claims WHERE id = $1", [row.id])) === 0) return null;
    }
    return toClaim(row);
  }

  private async prune(): Promise<void> {
    await this.db.run("DELETE FROM workshop_claims WHERE created_at < $1", [new Date(this.now() - CLAIM_TTL_MS).toISOString()]);
  }
}
