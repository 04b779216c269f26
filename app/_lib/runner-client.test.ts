import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RUNNER_UNREACHABLE_FR, RunnerError, createRunnerClient } from "./runner-client";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server | undefined;
const seen: Array<{ method: string; url: string; auth: string | undefined; body: string }> = [];

async function runner(handler: Handler): Promise<string> {
  seen.length = 0;
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const lease = { sandbox: { id: "0123456789ab", owner: "learner1", createdAt: 1_735_689_600_000, expiresAt: 1_735_696_800_000, terminals: [] }, token: "t", tokenExpiresAt: 1 };

describe("runner client (against a real HTTP server)", () => {
  it("acquires a sandbox and execs with the bearer secret", async () => {
    const baseUrl = await runner((req, _body, res) => {
      if (req.url === "/v1/sandboxes") return json(res, 200, lease);
      json(res, 200, { exitCode: 0, stdout: "ok\n", stderr: "", timedOut: false, truncated: false, durationMs: 12 });
    });
    const client = createRunnerClient({ baseUrl: `${baseUrl}/`, secret: "s3cret-s3cret-s3cret" });
    const { sandbox } = await client.acquire("learner1");
    const result = await client.exec(sandbox.id, { command: "echo ok", timeoutMs: 5000, workdir: "/root" });
    expect(result).toEqual({ exitCode: 0, stdout: "ok\n", stderr: "", timedOut: false, truncated: false, durationMs: 12 });
    expect(seen).toEqual([
      { method: "POST", url: "/v1/sandboxes", auth: "Bearer s3cret-s3cret-s3cret", body: '{"owner":"learner1"}' },
      { method: "POST", url: "/v1/sandboxes/0123456789ab/exec", auth: "Bearer s3cret-s3cret-s3cret", body: '{"command":"echo ok","timeoutMs":5000,"workdir":"/root"}' },
    ]);
  });

  it("passes the runner's French message on, with the detail for logs", async () => {
    const baseUrl = await runner((_req, _body, res) => json(res, 429, { error: { code: "too_many", message: "Trop de bacs à sable actifs.", detail: "40/40 sandboxes" } }));
    const error = await createRunnerClient({ baseUrl, secret: "x".repeat(16) }).acquire("learner1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunnerError);
    expect(error).toMatchObject({ code: "too_many", status: 429, messageFr: "Trop de bacs à sable actifs.", message: "acquire sandbox for learner1: runner answered 429 too_many: 40/40 sandboxes" });
  });

  it("says the service does not answer when nothing listens", async () => {
    const baseUrl = await runner(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await createRunnerClient({ baseUrl, secret: "x".repeat(16) }).acquire("learner1").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unreachable", status: 503, messageFr: RUNNER_UNREACHABLE_FR });
    expect((error as Error).message).toMatch(/^acquire sandbox for learner1: cannot reach the runner at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
  });

  it("sends a read again once when the runner closed its pooled socket, but never a POST", async () => {
    const baseUrl = await runner((req, _body, res) => {
      // The first request of each method dies with its socket, as on a keep-alive socket closed while idle.
      if (seen.filter((r) => r.method === req.method).length === 1) return req.socket.destroy();
      if (req.url === "/v1/owners/learner1/sandbox") return json(res, 200, { sandbox: lease.sandbox });
      json(res, 200, lease);
    });
    const client = createRunnerClient({ baseUrl, secret: "x".repeat(16) });
    await expect(client.sandboxOf("learner1")).resolves.toMatchObject({ id: "0123456789ab" });
    expect(seen.filter((r) => r.method === "GET")).toHaveLength(2);
    const error = await client.acquire("learner1").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unreachable", status: 503 });
    expect((error as Error).message).toContain("UND_ERR_SOCKET");
    expect(seen.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("rejects an answer it cannot understand", async () => {
    const baseUrl = await runner((_req, _body, res) => json(res, 200, { exitCode: "zero" }));
    const error = await createRunnerClient({ baseUrl, secret: "x".repeat(16) }).exec("sb1", { command: "true" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "bad_response", status: 502 });
  });

  it("treats deleting a sandbox that is already gone as done", async () => {
    const baseUrl = await runner((_req, _body, res) => json(res, 404, { error: { code: "not_found", message: "Ce bac à sable n'existe plus.", detail: "no sandbox sb1" } }));
    await expect(createRunnerClient({ baseUrl, secret: "x".repeat(16) }).destroy("sb1")).resolves.toBeUndefined();
    expect(seen[0]).toMatchObject({ method: "DELETE", url: "/v1/sandboxes/sb1" });
  });

  it("asks for a learner's sandbox without creating one: null when they have none", async () => {
    const baseUrl = await runner((req, _body, res) => {
      if (req.url === "/v1/owners/learner1/sandbox") return json(res, 200, { sandbox: lease.sandbox });
      json(res, 404, { error: { code: "not_found", message: "Vous n'avez pas de bac à sable en marche.", detail: "owner learner2 has no sandbox" } });
    });
    const client = createRunnerClient({ baseUrl, secret: "x".repeat(16) });
    expect(await client.sandboxOf("learner1")).toMatchObject({ id: "0123456789ab" });
    expect(await client.sandboxOf("learner2")).toBeNull();
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /v1/owners/learner1/sandbox", "GET /v1/owners/learner2/sandbox"]);
    await expect(client.sandboxOf("../x")).rejects.toMatchObject({ code: "bad_owner", status: 400 });
  });

  it("gives up after the timeout", async () => {
    const baseUrl = await runner(() => undefined);
    const error = await createRunnerClient({ baseUrl, secret: "x".repeat(16), acquireTimeoutMs: 200 }).acquire("learner1").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "timeout", status: 504 });
  });

  it("checks the owner before asking", () => {
    expect(() => createRunnerClient({ baseUrl: "http://127.0.0.1:1", secret: "x".repeat(16) }).acquire("-bad owner")).toThrow(RunnerError);
  });
});
