import { chmodSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../app/_lib/progress/db";
import { ProgressStore } from "../app/_lib/progress/store";
import { pageCookie, postJson, removeSandboxes } from "./support/http";
import { RUNNER_PORT, startSite, waitFor } from "./support/servers";
import type { Site } from "./support/servers";

/**
 * A site as a school runs it behind its HTTPS proxy (QUAI_TRUST_PROXY=true),
 * with tight start and check budgets, on a data folder an older Quai left
 * world-readable with a learner in it. Its own site (port 3316) on the e2e
 * runner.
 */
const PORTS = { runner: RUNNER_PORT, site: 3316 };
const SITE = `http://localhost:${PORTS.site}`;
const PUBLIC = "https://docker.ecole.example";
const OLD_LEARNER = "00112233445566778899aabbccddeeff";
const EXERCISE = "/api/exercises/premiers-pas-hello/check";
let site: Site;
let dataDir: string;
const sandboxes = new Set<string>();

/** Requests as the school's proxy passes them on: its public host and scheme, and the client's address last. */
const viaProxy = (client: string) => ({ "x-forwarded-host": "docker.ecole.example", "x-forwarded-proto": "https", "x-forwarded-for": client });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "quai-e2e-old-data-"));
  const file = path.join(dataDir, "quai.sqlite");
  const db = await openDatabase({ sqlite: file });
  await new ProgressStore(db).setDisplayName(OLD_LEARNER, "Ada");
  await db.close();
  // As an older Quai left them.
  chmodSync(file, 0o644);
  chmodSync(dataDir, 0o755);
  site = startSite(PORTS, {
    QUAI_DATA_DIR: dataDir,
    QUAI_TRUST_PROXY: "true",
    QUAI_SANDBOX_STARTS_PER_LEARNER: "1",
    QUAI_SANDBOX_STARTS_PER_ADDRESS: "1",
    QUAI_CHECKS_PER_LEARNER: "1",
    QUAI_CHECKS_PER_ADDRESS: "2",
  });
  await waitFor(`${SITE}/`, site, "the proxied site", 60_000);
});

afterAll(async () => {
  await removeSandboxes(sandboxes);
  await site?.stop();
});

describe("a learner from before signed cookies", () => {
  it("keeps their id and their progress on their next page, with a signed cookie", async () => {
    const cookie = await pageCookie(SITE, { cookie: `quai_learner=${OLD_LEARNER}` });
    expect(cookie.startsWith(`quai_learner=${OLD_LEARNER}.`)).toBe(true);
    const progress = (await (await fetch(`${SITE}/api/progress`, { headers: { cookie } })).json()) as { displayName: string | null };
    expect(progress.displayName).toBe("Ada");
  });
});

describe("the data folder", () => {
  it("is made private: the folder 0700, the database, its journal and the site's secret 0600", async () => {
    const mode = (name: string) => (statSync(path.join(dataDir, name)).mode & 0o777).toString(8);
    expect({ folder: mode("."), db: mode("quai.sqlite"), wal: mode("quai.sqlite-wal"), shm: mode("quai.sqlite-shm"), secret: mode("site-secret") }).toEqual({ folder: "700", db: "600", wal: "600", shm: "600", secret: "600" });
  });
});

describe("behind the proxy it trusts", () => {
  it("takes the public host and scheme from it: the proxied page's POST is accepted, and the cookie is Secure", async () => {
    const page = await fetch(`${SITE}/cours/premiers-pas`, { headers: viaProxy("192.0.2.10") });
    const setCookie = page.headers.getSetCookie()[0] ?? "";
    expect(setCookie).toMatch(/; Secure/i);
    const cookie = setCookie.split(";")[0]!;
    const answer = await postJson(SITE, "/api/learner", { cookie, origin: PUBLIC, headers: viaProxy("192.0.2.10"), body: { displayName: "Grace" } });
    expect(answer.status).toBe(200);
  });
});

describe("start and check budgets", () => {
  const learners: Record<string, string> = {};
  const start = async (who: string, client: string) => {
    const answer = await postJson(SITE, "/api/sandbox", { cookie: learners[who], origin: PUBLIC, headers: viaProxy(client) });
    if (answer.status === 200) sandboxes.add((answer.json as { sandboxId: string }).sandboxId);
    return answer;
  };

  beforeAll(async () => {
    for (const who of ["a", "b", "c"]) learners[who] = await pageCookie(SITE);
  });

  it("refuses a learner's second start, then a second learner at the same address, in French with when to retry", async () => {
    const first = await start("a", "192.0.2.1");
    expect(first.status).toBe(200);
    // Every chapter page asks again: the learner's own sandbox is no new start.
    expect((await start("a", "192.0.2.1")).status).toBe(200);

    const reset = await postJson(SITE, "/api/sandbox/reset", { cookie: learners.a, origin: PUBLIC, headers: viaProxy("192.0.2.1"), body: { sandboxId: (first.json as { sandboxId: string }).sandboxId } });
    expect(reset.status).toBe(429);
    expect(reset.json.error?.message).toMatch(/^Vous avez démarré ou réinitialisé trop de bacs à sable en peu de temps\. Réessayez dans (10 minutes|9 minutes)\.$/);
    expect(Number(reset.headers.get("retry-after"))).toBeGreaterThan(500);

    const sameAddress = await start("b", "192.0.2.1");
    expect(sameAddress.status).toBe(429);
    expect(sameAddress.json.error?.message).toMatch(/^Trop de bacs à sable ont été démarrés depuis votre réseau en peu de temps .* Réessayez dans \d+ minutes\.$/);

    // The address is the one the trusted proxy saw, not the proxy's.
    expect((await start("b", "198.51.100.1")).status).toBe(200);
  });

  it("refuses a learner's second check, then a third check from the same address", async () => {
    const check = (who: string, client: string) => postJson(SITE, EXERCISE, { cookie: learners[who], origin: PUBLIC, headers: viaProxy(client) });
    expect((await check("a", "203.0.113.5")).status).toBe(200);
    const again = await check("a", "203.0.113.5");
    expect(again.status).toBe(429);
    expect(again.json.error?.message).toMatch(/^Trop de vérifications en peu de temps\. Réessayez dans (\d+ secondes?|1 minute)\.$/);
    expect((await check("b", "203.0.113.5")).status).toBe(200);
    const third = await check("c", "203.0.113.5");
    expect(third.status).toBe(429);
    expect(third.json.error?.message).toMatch(/^Trop de vérifications depuis votre réseau en peu de temps\. Réessayez dans (\d+ secondes?|1 minute)\.$/);
  });
});
