import { afterEach, describe, expect, it, vi } from "vitest";
import { SITE_UNREACHABLE_FR, WorkbenchApiError, apiFetch, postJson } from "./api";

/** A fetch whose first `silent` calls never answer (until aborted), then answers `body`. */
function stubFetch(silent: number, body: unknown) {
  const calls: Array<{ url: string; signal: AbortSignal | undefined }> = [];
  vi.stubGlobal("fetch", (url: string, init: RequestInit = {}) => {
    calls.push({ url, signal: init.signal ?? undefined });
    if (calls.length > silent) return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    return new Promise<Response>((_, reject) => {
      init.signal?.addEventListener("abort", () => reject(init.signal!.reason as Error));
    });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("apiFetch's time limit", () => {
  it("sends a request that stays silent past its limit once more, and reads the second answer", async () => {
    const calls = stubFetch(1, { token: "t2" });
    const answer = await postJson<{ token: string }>("/api/sandbox/abc/token", {}, { idempotent: true, timeoutMs: 50 });
    expect(answer.token).toBe("t2");
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal?.aborted).toBe(true);
  });

  it("says the site does not answer (in French) when every try stays silent", async () => {
    const calls = stubFetch(5, {});
    const error = await apiFetch("/api/sandbox/abc/ports", {}, { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchApiError);
    expect((error as WorkbenchApiError).code).toBe("offline");
    expect((error as WorkbenchApiError).message).toBe(SITE_UNREACHABLE_FR);
    expect(calls).toHaveLength(2);
  });

  it("does not send again a POST that is not safe to repeat", async () => {
    const calls = stubFetch(5, {});
    await expect(postJson("/api/sandbox", {}, { timeoutMs: 30 })).rejects.toMatchObject({ code: "offline" });
    expect(calls).toHaveLength(1);
  });

  it("still lets the caller's own abort through as an abort, not as « the site does not answer »", async () => {
    stubFetch(5, {});
    const controller = new AbortController();
    const pending = apiFetch("/api/sandbox/abc/ports", { signal: controller.signal }, { timeoutMs: 10_000 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("sets no limit unless asked", async () => {
    const calls = stubFetch(0, { ok: true });
    await apiFetch("/api/x");
    expect(calls[0]!.signal).toBeUndefined();
  });
});
