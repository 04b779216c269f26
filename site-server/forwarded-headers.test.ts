import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { settleForwardedHeaders } from "./forwarded-headers";

/** What settleForwardedHeaders reads of a request: its headers and its socket's peer. */
const incoming = (headers: Record<string, string>, remoteAddress = "192.0.2.10") => ({ headers: { ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

const FORGED = { host: "quai.example", "x-forwarded-for": "203.0.113.66", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "for=203.0.113.66", "x-real-ip": "203.0.113.66", "x-quai-client-address": "203.0.113.66" };

describe("settleForwardedHeaders", () => {
  it("without a proxy of ours, drops every forwarded header and names the socket's peer", () => {
    const req = incoming(FORGED);
    settleForwardedHeaders(req, false);
    expect(req.headers).toEqual({ host: "quai.example", "x-quai-client-address": "192.0.2.10" });
  });

  it("behind one, keeps its headers and names the address it added last", () => {
    const req = incoming({ ...FORGED, "x-forwarded-for": "203.0.113.66, 198.51.100.4" }, "127.0.0.1");
    settleForwardedHeaders(req, true);
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
    expect(req.headers["x-quai-client-address"]).toBe("198.51.100.4");
  });

  it("behind one that sets no X-Forwarded-For, names the proxy", () => {
    const req = incoming({ host: "quai.example", "x-quai-client-address": "203.0.113.66" }, "127.0.0.1");
    settleForwardedHeaders(req, true);
    expect(req.headers["x-quai-client-address"]).toBe("127.0.0.1");
  });
});
