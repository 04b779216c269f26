import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRIVATE_NO_STORE, keepCookiesPrivate } from "./private-cookies";

/** Each path answers one way a Node handler (Next's included) can set headers. */
const answers: Record<string, (res: ServerResponse) => void> = {
  "/set-header": (res) => {
    res.setHeader("cache-control", "s-maxage=31536000");
    res.setHeader("set-cookie", "quai_learner=x; Path=/");
    res.end("page");
  },
  "/write-head-object": (res) => res.writeHead(200, { "Cache-Control": "public, max-age=60", "Set-Cookie": ["a=1", "b=2"] }).end(),
  "/write-head-message": (res) => res.writeHead(200, "OK", { "set-cookie": "a=1", "cache-control": "max-age=60" }).end(),
  "/write-head-array": (res) => res.writeHead(200, ["Cache-Control", "max-age=60", "Set-Cookie", "a=1", "Set-Cookie", "b=2"]).end(),
  "/implicit": (res) => {
    res.statusCode = 201;
    res.setHeader("set-cookie", "a=1");
    res.write("x");
    res.end();
  },
  "/no-cookie": (res) => {
    res.setHeader("cache-control", "s-maxage=31536000");
    res.end("page");
  },
};

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    keepCookiesPrivate(res);
    answers[req.url ?? ""]!(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("keepCookiesPrivate", () => {
  for (const path of ["/set-header", "/write-head-object", "/write-head-message", "/write-head-array", "/implicit"]) {
    it(`makes an answer that sets a cookie private and uncached (${path})`, async () => {
      const answer = await fetch(`${base}${path}`);
      expect(answer.headers.get("cache-control")).toBe(PRIVATE_NO_STORE);
      expect(answer.headers.getSetCookie().length).toBeGreaterThan(0);
    });
  }

  it("keeps every cookie of the answer", async () => {
    expect((await fetch(`${base}/write-head-array`)).headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect((await fetch(`${base}/write-head-object`)).headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("leaves an answer without cookie as it was", async () => {
    expect((await fetch(`${base}/no-cookie`)).headers.get("cache-control")).toBe("s-maxage=31536000");
  });
});
