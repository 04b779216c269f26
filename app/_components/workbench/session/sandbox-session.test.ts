import { SandboxExpiredError } from "@quai/sandbox-runner/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SandboxSession } from "../../../_lib/api-types";
import { SandboxSessionStore, nextStepFr } from "./sandbox-session";

// The site API is what is faked here; the store's decisions are the point.
const session = (id: string, token = `t-${id}`): SandboxSession => ({ sandboxId: id, token, tokenExpiresAt: Date.now() + 600_000, expiresAt: Date.now() + 7_200_000, terminals: [] });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
let calls: string[];
let answer: (url: string) => Response;

beforeEach(() => {
  calls = [];
  vi.stubGlobal("fetch", async (url: string) => {
    calls.push(url);
    return answer(url);
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("SandboxSessionStore", () => {
  it("waits in line when every place is taken, shows its place, and enters by itself when one frees", async () => {
    vi.useFakeTimers();
    try {
      const places = [2, 1];
      answer = () => {
        const position = places.shift();
        return position ? json(503, { error: { code: "capacity", message: "Quai est complet pour le moment.", queue: { position, waiting: 3 } } }) : json(200, session("aaaaaaaaaaaa"));
      };
      const store = new SandboxSessionStore();
      const started = store.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(store.getSnapshot()).toMatchObject({ kind: "waiting", position: 2, waiting: 3 });
      await vi.advanceTimersByTimeAsync(3_000);
      expect(store.getSnapshot()).toMatchObject({ kind: "waiting", position: 1 });
      await vi.advanceTimersByTimeAsync(3_000);
      expect((await started)?.sandboxId).toBe("aaaaaaaaaaaa");
      expect(store.getSnapshot().kind).toBe("ready");
      expect(calls).toEqual(["/api/sandbox", "/api/sandbox", "/api/sandbox"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("wakes a sleeping sandbox instead of resetting it, and says once that it woke", async () => {
    answer = (url) => json(200, url === "/api/sandbox" && calls.length > 1 ? { ...session("aaaaaaaaaaaa"), woke: true } : session("aaaaaaaaaaaa"));
    const store = new SandboxSessionStore();
    await store.start();
    store.markExpired("aaaaaaaaaaaa", true);
    expect(store.getSnapshot()).toMatchObject({ kind: "expired", asleep: true });
    await store.reset();
    expect(calls).toEqual(["/api/sandbox", "/api/sandbox"]); // never /api/sandbox/reset
    expect(store.getSnapshot()).toMatchObject({ kind: "ready", session: { woke: true } });
    store.dismissWoke();
    expect(store.getSnapshot()).toMatchObject({ kind: "ready", session: { woke: false } });
  });

  it("uses the token that came with the sandbox once, then asks for fresh ones", async () => {
    answer = (url) => json(200, url.endsWith("/token") ? session("aaaaaaaaaaaa", "fresh") : session("aaaaaaaaaaaa", "first"));
    const store = new SandboxSessionStore();
    await store.start();
    expect(store.getSnapshot().kind).toBe("ready");
    expect(await store.terminalToken("aaaaaaaaaaaa")).toBe("first");
    expect(await store.terminalToken("aaaaaaaaaaaa")).toBe("fresh");
    expect(calls).toEqual(["/api/sandbox", "/api/sandbox/aaaaaaaaaaaa/token"]);
  });

  it("turns a sandbox the site no longer knows into « expiré », and stops terminals from retrying", async () => {
    answer = (url) => (url.endsWith("/token") ? json(404, { error: { code: "not_found", message: "Ce bac à sable n'existe plus." } }) : json(200, session("aaaaaaaaaaaa")));
    const store = new SandboxSessionStore();
    await store.start();
    await store.terminalToken("aaaaaaaaaaaa");
    await expect(store.terminalToken("aaaaaaaaaaaa")).rejects.toBeInstanceOf(SandboxExpiredError);
    expect(store.getSnapshot().kind).toBe("expired");
  });

  it("keeps the session while the runner is away, saying why, and clears it once it answers", async () => {
    let down = true;
    answer = (url) => (url.endsWith("/token") && down ? json(503, { error: { code: "unreachable", message: "Le service des bacs à sable ne répond pas." } }) : json(200, session("aaaaaaaaaaaa")));
    const store = new SandboxSessionStore();
    await store.start();
    await store.terminalToken("aaaaaaaaaaaa");
    await expect(store.terminalToken("aaaaaaaaaaaa")).rejects.toThrow("Le service des bacs à sable ne répond pas.");
    expect(store.getSnapshot()).toMatchObject({ kind: "ready", problem: "Le service des bacs à sable ne répond pas." });
    down = false;
    await store.terminalToken("aaaaaaaaaaaa");
    expect(store.getSnapshot()).toMatchObject({ kind: "ready", problem: undefined });
  });

  it("reports a full runner with what to do next, and a reset brings a new sandbox", async () => {
    answer = () => json(503, { error: { code: "capacity", message: "Tous les bacs à sable sont occupés pour le moment. Réessayez dans une minute." } });
    const store = new SandboxSessionStore();
    await store.start();
    expect(store.getSnapshot()).toEqual({ kind: "error", code: "capacity", message: "Tous les bacs à sable sont occupés pour le moment. Réessayez dans une minute." });
    expect(nextStepFr("capacity")).toMatch(/réessayez dans une minute/);
    expect(nextStepFr("unknown_learner")).toMatch(/^Rechargez la page/);
    expect(nextStepFr("too_many_starts_here")).toMatch(/^Attendez le délai indiqué/);
    answer = () => json(200, session("bbbbbbbbbbbb"));
    await store.reset();
    expect(store.session?.sandboxId).toBe("bbbbbbbbbbbb");
    await expect(store.terminalToken("aaaaaaaaaaaa")).rejects.toBeInstanceOf(SandboxExpiredError);
  });

  it("says the site is unreachable when fetch itself fails", async () => {
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const store = new SandboxSessionStore();
    await store.start();
    expect(store.getSnapshot()).toMatchObject({ kind: "error", code: "offline", message: "Le site ne répond pas : vérifiez votre connexion, puis réessayez." });
  });
});
