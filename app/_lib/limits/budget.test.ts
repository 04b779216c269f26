import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { Refusal } from "../refusal";
import { addressBucket } from "./address-bucket";
import { Budget } from "./budget";
import { createBudgets } from "./budgets";
import { retryInFr } from "./retry-in";

const refusal = (code: string) => (retryAfterS: number) => new Refusal(429, code, `Réessayez ${retryInFr(retryAfterS)}.`, code, retryAfterS);
const budget = (perLearner: number, perAddress: number) =>
  new Budget({ points: perLearner, windowS: 600, refusal: refusal("learner") }, { points: perAddress, windowS: 600, refusal: refusal("address") });

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof Refusal)) throw new Error(`expected a Refusal, got ${String(error)}`);
  return error;
}

describe("Budget", () => {
  it("refuses a learner past their budget, and says when to come back", async () => {
    const b = budget(2, 100);
    await b.take("a", "192.0.2.1");
    await b.take("a", "192.0.2.1");
    const refused = await refusalOf(b.take("a", "192.0.2.1"));
    expect(refused.code).toBe("learner");
    expect(refused.retryAfterS).toBeGreaterThan(590);
    expect(refused.messageFr).toBe("Réessayez dans 10 minutes.");
    await b.take("b", "192.0.2.1");
  });

  it("counts every learner behind one address together, and a refusal there costs the learner nothing", async () => {
    const b = budget(5, 2);
    await b.take("a", "192.0.2.1");
    await b.take("b", "192.0.2.1");
    expect((await refusalOf(b.take("c", "192.0.2.1"))).code).toBe("address");
    await b.take("c", "198.51.100.7");
    // c's refused attempt was given back: four more fit in c's budget of five.
    for (let i = 0; i < 4; i++) await b.take("c", `203.0.113.${i}`);
    expect((await refusalOf(b.take("c", "203.0.113.9"))).code).toBe("learner");
  });

  it("takes back nothing given back, and counts what is charged", async () => {
    const b = budget(1, 10);
    await b.take("a", "192.0.2.1");
    await b.giveBack("a", "192.0.2.1");
    await b.take("a", "192.0.2.1");
    const c = budget(1, 10);
    await c.charge("a", "192.0.2.1");
    expect((await refusalOf(c.take("a", "192.0.2.1"))).code).toBe("learner");
  });

  it("counts an IPv6 host by its /64, and IPv4 seen through IPv6 as IPv4", async () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe(addressBucket("2001:db8:1:2:ffff:1:2:3"));
    expect(addressBucket("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).not.toBe(addressBucket("2001:db8:1:2::1"));
    expect(addressBucket("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressBucket("unknown")).toBe("unknown");
    const b = budget(10, 1);
    await b.take("a", "2001:db8:1:2::1");
    expect((await refusalOf(b.take("b", "2001:db8:1:2::99"))).code).toBe("address");
  });

  it("with the defaults, lets a classroom of 40 behind one NAT address all start, and each reset once", async () => {
    const { starts } = createBudgets(parseConfig({}).limits);
    for (let learner = 0; learner < 40; learner++) await starts.take(`learner-${learner}`, "192.0.2.1");
    for (let learner = 0; learner < 40; learner++) await starts.take(`learner-${learner}`, "192.0.2.1");
  });

  it("with the defaults, stops one learner who keeps starting sandboxes", async () => {
    const { starts } = createBudgets(parseConfig({}).limits);
    for (let i = 0; i < 6; i++) await starts.take("a", "192.0.2.1");
    const refused = await refusalOf(starts.take("a", "192.0.2.1"));
    expect(refused.status).toBe(429);
    expect(refused.messageFr).toBe("Vous avez démarré ou réinitialisé trop de bacs à sable en peu de temps. Réessayez dans 10 minutes.");
  });
});

describe("retryInFr", () => {
  it("says when, in French", () => {
    expect(retryInFr(0.2)).toBe("dans 1 seconde");
    expect(retryInFr(45)).toBe("dans 45 secondes");
    expect(retryInFr(60)).toBe("dans 1 minute");
    expect(retryInFr(61)).toBe("dans 2 minutes");
  });
});
