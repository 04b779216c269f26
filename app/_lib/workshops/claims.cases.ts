import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../progress/database";
import type { TestBackend } from "../progress/test-backends";
import { CLAIM_TTL_MS, WorkshopClaims } from "./claims";
import { WorkshopStore } from "./store";

const spec = { title: "Docker, jour 1", chapters: ["premiers-pas"], startsAt: "2025-01-01T09:00:00Z", endsAt: "2025-01-01T17:00:00Z", capacity: 5, sandboxMinutes: 120 };

/** The « c'est bien moi » requests' tests, run on SQLite (claims.test.ts) and PostgreSQL (progress/postgres.integration.test.ts). */
export function workshopClaimsCases(backend: () => TestBackend): void {
  let now: number;
  let claims: WorkshopClaims;
  let a: string;
  let b: string;
  let db: Database;

  beforeEach(async () => {
    db = await backend().open(await backend().target());
    const store = new WorkshopStore(db);
    a = (await store.create("camille", spec)).id;
    b = (await store.create("dominique", spec)).id;
    now = Date.parse("2025-01-01T10:00:00Z");
    claims = new WorkshopClaims(db, () => now);
  });
  afterEach(() => backend().closeAll());

  describe("WorkshopClaims", () => {
    it("lists a workshop's pending requests, and the trainer's answer reaches the claimant once", async () => {
      const c = await claims.open(a, "new-browser", "old-learner", "Ada");
      now += 1000;
      await claims.open(b, "elsewhere", "someone", "Bruno");
      expect((await claims.pending(a)).map((x) => x.name)).toEqual(["Ada"]);
      expect((await claims.ofClaimant("new-browser"))?.status).toBe("pending");
      // Another workshop's trainer cannot answer it.
      expect(await claims.decide(b, c.id, true)).toBeNull();
      expect((await claims.decide(a, c.id, true))?.member).toBe("old-learner");
      expect(await claims.pending(a)).toEqual([]);
      // Answered once: a second answer (another trainer's tab) finds nothing to answer.
      expect(await claims.decide(a, c.id, false)).toBeNull();
      expect(await claims.ofClaimant("new-browser")).toMatchObject({ status: "accepted", member: "old-learner", workshopId: a });
      expect(await claims.ofClaimant("new-browser")).toBeNull();
      expect((await claims.pending(b)).map((x) => x.claimant)).toEqual(["elsewhere"]);
    });

    it("keeps one request per claimant, oldest first across claimants, and forgets them after a while", async () => {
      await claims.open(a, "x", "m1", "Ada");
      now += 1000;
      await claims.open(a, "y", "m3", "Chloé");
      now += 1000;
      await claims.open(a, "x", "m2", "Ada B.");
      expect((await claims.pending(a)).map((c) => c.member)).toEqual(["m3", "m2"]);
      now += CLAIM_TTL_MS + 1;
      expect(await claims.pending(a)).toEqual([]);
      expect(await claims.ofClaimant("x")).toBeNull();
    });

    it("a refusal reaches the claimant, who may then ask again", async () => {
      const c = await claims.open(a, "x", "m1", "Ada");
      expect((await claims.decide(a, c.id, false))?.status).toBe("refused");
      expect(await claims.ofClaimant("x")).toMatchObject({ status: "refused", name: "Ada" });
      expect(await claims.ofClaimant("x")).toBeNull();
      await claims.open(a, "x", "m1", "Ada");
      expect((await claims.pending(a)).length).toBe(1);
    });

    it("what a request holds comes back from another connection to the same database (a restarted site)", async () => {
      const target = await backend().target();
      const first = await backend().open(target);
      await new WorkshopStore(first).create("camille", spec);
      const workshop = (await new WorkshopStore(first).list("camille"))[0]!.id;
      const c = await new WorkshopClaims(first, () => now).open(workshop, "browser-2", "member-1", "Élodie");
      await first.close();
      const again = new WorkshopClaims(await backend().open(target), () => now);
      expect(await again.pending(workshop)).toEqual([c]);
    });

    it("goes with its workshop", async () => {
      await claims.open(a, "x", "m1", "Ada");
      expect(await db.run("DELETE FROM workshops WHERE id = $1", [a])).toBe(1);
      expect(await claims.pending(a)).toEqual([]);
      expect(await claims.ofClaimant("x")).toBeNull();
    });
  });
}
