import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { pageCookie, postJson, runnerHealth } from "./support/http";
import { LOG_DIR } from "./support/servers";

/**
 * What the site's API refuses, tried as a script would, against the e2e
 * site and runner: no sandbox (nor check) for a learner the site did not
 * make, no cacheable answer that sets a cookie, no trust in a forwarded
 * host from a client.
 */
const site = () => inject("siteUrl");
const ID = "0123456789abcdef0123456789abcdef";

describe("a learner the site did not make", () => {
  const callers = {
    "no cookie": undefined,
    "a made-up signature": `quai_learner=${ID}.AAAAbmltcG9ydGUgcXVvaQ`,
    "an id from before signed cookies that the site never knew": `quai_learner=${ID}`,
  };
  const calls = [
    ["POST /api/sandbox", "/api/sandbox", {}],
    ["POST /api/sandbox/reset", "/api/sandbox/reset", { sandboxId: null }],
    ["POST /api/exercises/:id/check", "/api/exercises/premiers-pas-hello/check", {}],
  ] as const;

  it("gets a French 401 that says to reload the page, and no sandbox is started", async () => {
    const before = await runnerHealth();
    for (const [who, cookie] of Object.entries(callers)) {
      for (const [what, path, body] of calls) {
        for (let i = 0; i < 5; i++) {
          const answer = await postJson(site(), path, { cookie, body });
          expect(answer.status, `${what} with ${who}`).toBe(401);
          expect(answer.json.error?.message).toBe("Le site ne vous reconnaît pas (cookie absent ou invalide). Rechargez la page pour continuer.");
          expect(answer.headers.getSetCookie(), `${what} with ${who} must not mint a learner`).toEqual([]);
        }
      }
    }
    // 45 refused requests later, the runner has started nothing.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await runnerHealth();
    expect({ assigned: after.assigned, creating: after.creating }).toEqual({ assigned: before.assigned, creating: 0 });
  });

  it("becomes one by opening a page, and the API then knows them", async () => {
    const cookie = await pageCookie(site());
    const answer = await fetch(`${site()}/api/progress`, { headers: { cookie } });
    expect(answer.status).toBe(200);
  });
});

describe("a sandbox request that is not what a page sends", () => {
  it("gets a French 400, and no sandbox or shell is started", async () => {
    const cookie = await pageCookie(site());
    const before = await runnerHealth();
    const bodies = [
      { noStart: "oui" },
      { terminal: { id: "../../etc", cols: 80, rows: 24 } },
      { terminal: { id: "premiers-pas-1", cols: 100_000, rows: 24 } },
      { terminal: { id: "premiers-pas-1", cols: 80 } },
      { owner: "quelqu-un-d-autre" },
      [1, 2, 3],
    ];
    for (const body of bodies) {
      const answer = await postJson(site(), "/api/sandbox", { cookie, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json.error?.message).toBe("La demande de bac à sable est mal formée : rechargez la page.");
    }
    const large = await postJson(site(), "/api/sandbox", { cookie, body: { filler: "x".repeat(2048) } });
    expect(large.status).toBe(413);
    expect(large.json.error?.message).toBe("La requête est trop volumineuse.");
    await new Promise((r) => setTimeout(r, 1000));
    const after = await runnerHealth();
    expect({ assigned: after.assigned, creating: after.creating }).toEqual({ assigned: before.assigned, creating: 0 });
  });
});

describe("answers that set a cookie", () => {
  it("are never cacheable: a page that hands out the learner cookie, and an API answer that refreshes it", async () => {
    const page = await fetch(`${site()}/cours/premiers-pas`);
    expect(page.headers.getSetCookie()).toHaveLength(1);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const cookie = page.headers.getSetCookie()[0]!.split(";")[0]!;
    const api = await fetch(`${site()}/api/progress`, { headers: { cookie } });
    expect(api.headers.getSetCookie()).toHaveLength(1);
    expect(api.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("a cross-site POST", () => {
  it("is refused even when it claims the site's host in X-Forwarded-Host (no proxy is configured)", async () => {
    const cookie = await pageCookie(site());
    const forged = await postJson(site(), "/api/learner", { cookie, origin: "http://evil.example", headers: { "x-forwarded-host": "evil.example" }, body: { displayName: "Mallory" } });
    expect(forged.status).toBe(403);
    expect(forged.json.error?.message).toBe("Cette requête ne vient pas du site Quai.");
    const progress = (await (await fetch(`${site()}/api/progress`, { headers: { cookie } })).json()) as { displayName: string | null };
    expect(progress.displayName).toBeNull();
  });
});

describe("the site's health, from the machine itself", () => {
  it("answers with the course loaded, which the site did at start (not in a learner's first check)", async () => {
    const answer = await fetch(`${site()}/api/health`);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { chapters: number }).chapters).toBeGreaterThan(10);
    const log = readFileSync(path.join(LOG_DIR, `site-${new URL(site()).port}.log`), "utf8");
    expect(log).toMatch(/^site: course loaded \(\d+ chapters\) in \d+ ms$/m);
  });

  it("does not trust a client address sent by the client: a forged header is replaced by the socket's", async () => {
    const answer = await fetch(`${site()}/api/health`, { headers: { "x-quai-client-address": "10.0.0.7" } });
    expect(answer.status).toBe(200);
  });
});
