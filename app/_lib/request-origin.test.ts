import { describe, expect, it } from "vitest";
import { clientAddress, requestHost, requestIsHttps } from "./request-origin";

const request = (headers: Record<string, string>) => ({ headers: new Headers(headers) });

describe("what the site believes about a request", () => {
  const forged = request({ host: "quai.example:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

  it("believes no forwarded header without a proxy of ours", () => {
    expect(requestHost(forged, false)).toBe("quai.example:3000");
    expect(requestIsHttps(forged, false)).toBe(false);
  });

  it("believes the proxy's when QUAI_TRUST_PROXY says there is one", () => {
    expect(requestHost(request({ host: "127.0.0.1:3000", "x-forwarded-host": "docker.ecole.fr, autre" }), true)).toBe("docker.ecole.fr");
    expect(requestIsHttps(request({ host: "127.0.0.1:3000", "x-forwarded-proto": "https" }), true)).toBe(true);
    expect(requestHost(request({ host: "127.0.0.1:3000" }), true)).toBe("127.0.0.1:3000");
  });

  it("reads the client's address from the site server's own header", () => {
    expect(clientAddress(request({ "x-quai-client-address": "192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientAddress(request({}))).toBe("unknown");
  });
});
