import { describe, expect, it } from "vitest";
import { PREVIEW_CSP } from "./preview-page";
import { forwardRequestHeaders, forwardResponseHeaders } from "./preview-proxy";

const TARGET = { prefix: "/apercu/0123456789ab-key/8080/", port: 8080, path: "/" };

describe("preview proxy headers", () => {
  it("never forwards the learner's cookie, and asks for an uncompressed answer", () => {
    const out = forwardRequestHeaders(new Headers({ cookie: "quai_learner=abc", accept: "text/html", "accept-encoding": "gzip", host: "localhost:3000" }));
    expect(Object.fromEntries(out)).toEqual({ accept: "text/html", "accept-encoding": "identity" });
  });

  it("sandboxes the page and drops what no longer matches the body", () => {
    const out = forwardResponseHeaders(new Headers({ "content-type": "text/html", "content-encoding": "gzip", "content-length": "12", "set-cookie": "a=b", location: "/next" }), TARGET);
    expect(out.get("content-security-policy")).toBe(PREVIEW_CSP);
    expect(PREVIEW_CSP).not.toContain("allow-downloads");
    expect(out.get("content-encoding")).toBeNull();
    expect(out.get("content-length")).toBeNull();
    expect(out.get("set-cookie")).toBeNull();
    expect(out.get("location")).toBe(`${TARGET.prefix}next`);
  });

  it("keeps only headers about the body: nothing that would act on the site's origin", () => {
    const out = forwardResponseHeaders(
      new Headers({ "content-type": "text/css", etag: '"x"', "clear-site-data": '"cookies"', "strict-transport-security": "max-age=31536000", refresh: "0;url=https://evil.example/", link: "</x>; rel=preload", "www-authenticate": "Basic" }),
      TARGET,
    );
    expect([...out.keys()].sort()).toEqual(["cache-control", "content-security-policy", "content-type", "etag", "x-content-type-options"]);
  });

  it("drops a Location that leaves the sandbox", () => {
    const out = forwardResponseHeaders(new Headers({ "content-type": "text/html", location: "https://evil.example/" }), TARGET);
    expect(out.get("location")).toBeNull();
  });
});
