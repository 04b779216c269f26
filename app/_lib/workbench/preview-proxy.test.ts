import { describe, expect, it } from "vitest";
import { PREVIEW_CSP, forwardRequestHeaders, forwardResponseHeaders, rewriteLocation } from "./preview-proxy";

const PREFIX = "/apercu/0123456789ab-key/8080/";

describe("preview proxy headers", () => {
  it("never forwards the learner's cookie, and asks for an uncompressed answer", () => {
    const out = forwardRequestHeaders(new Headers({ cookie: "quai_learner=abc", accept: "text/html", "accept-encoding": "gzip", host: "localhost:3000" }));
    expect(Object.fromEntries(out)).toEqual({ accept: "text/html", "accept-encoding": "identity" });
  });

  it("sandboxes the page and drops what no longer matches the body", () => {
    const out = forwardResponseHeaders(new Headers({ "content-type": "text/html", "content-encoding": "gzip", "content-length": "12", "set-cookie": "a=b", location: "/next" }), PREFIX, 8080);
    expect(out.get("content-security-policy")).toBe(PREVIEW_CSP);
    expect(out.get("content-encoding")).toBeNull();
    expect(out.get("content-length")).toBeNull();
    expect(out.get("set-cookie")).toBeNull();
    expect(out.get("location")).toBe(`${PREFIX}next`);
  });

  it("keeps only headers about the body: nothing that would act on the site's origin", () => {
    const out = forwardResponseHeaders(
      new Headers({ "content-type": "text/css", etag: '"x"', "clear-site-data": '"cookies"', "strict-transport-security": "max-age=31536000", refresh: "0;url=https://evil.example/", link: "</x>; rel=preload", "www-authenticate": "Basic" }),
      PREFIX,
      8080,
    );
    expect([...out.keys()].sort()).toEqual(["cache-control", "content-security-policy", "content-type", "etag", "x-content-type-options"]);
  });

  it("keeps redirects inside the preview", () => {
    expect(rewriteLocation("/admin/", PREFIX, 8080)).toBe(`${PREFIX}admin/`);
    expect(rewriteLocation("http://localhost:8080/a?b=1", PREFIX, 8080)).toBe(`${PREFIX}a?b=1`);
    expect(rewriteLocation("http://localhost", PREFIX, 8080)).toBe(PREFIX);
    expect(rewriteLocation("relative", PREFIX, 8080)).toBe("relative");
    expect(rewriteLocation("https://example.com/", PREFIX, 8080)).toBe("https://example.com/");
    expect(rewriteLocation("//evil.example/", PREFIX, 8080)).toBe("//evil.example/");
  });
});
