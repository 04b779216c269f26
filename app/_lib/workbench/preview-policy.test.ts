import { describe, expect, it } from "vitest";
import { isDownload, previewLocation, refusedPreviewAnswer } from "./preview-policy";

const PREFIX = "/apercu/0123456789ab-key/8080/";
const at = (path: string) => ({ prefix: PREFIX, port: 8080, path });

describe("previewLocation", () => {
  it("keeps redirects inside the sandbox at the preview's address", () => {
    expect(previewLocation("/admin/", at("/"))).toBe(`${PREFIX}admin/`);
    expect(previewLocation("http://localhost:8080/a?b=1#c", at("/"))).toBe(`${PREFIX}a?b=1#c`);
    expect(previewLocation("http://127.0.0.1:8080/", at("/x"))).toBe(PREFIX);
    expect(previewLocation("http://localhost", at("/"))).toBe(PREFIX);
    expect(previewLocation("suite", at("/dossier/page"))).toBe(`${PREFIX}dossier/suite`);
    expect(previewLocation("../haut", at("/a/b/c"))).toBe(`${PREFIX}a/haut`);
  });

  it("has no address for anywhere else", () => {
    expect(previewLocation("https://example.com/", at("/"))).toBeNull();
    expect(previewLocation("//evil.example/", at("/"))).toBeNull();
    expect(previewLocation("http://localhost:9090/", at("/"))).toBeNull();
    expect(previewLocation("http://10.0.0.1:8080/", at("/"))).toBeNull();
    expect(previewLocation("javascript:alert(1)", at("/"))).toBeNull();
    expect(previewLocation("http://[::1", at("/"))).toBeNull();
  });
});

describe("isDownload", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it("sees attachments, and what a browser saves rather than shows", () => {
    expect(isDownload(headers({ "content-type": "text/plain", "content-disposition": 'attachment; filename="a.txt"' }))).toBe(true);
    expect(isDownload(headers({ "content-type": "text/html", "content-disposition": "weird" }))).toBe(true);
    expect(isDownload(headers({ "content-type": "application/octet-stream" }))).toBe(true);
    expect(isDownload(headers({ "content-type": "application/zip" }))).toBe(true);
    expect(isDownload(headers({ "content-type": "application/x-msdownload" }))).toBe(true);
  });

  it("lets pages and what they load through", () => {
    for (const type of ["text/html; charset=utf-8", "image/png", "application/json", "application/problem+json", "application/javascript", "font/woff2", "image/svg+xml", "video/mp4"]) {
      expect(isDownload(headers({ "content-type": type })), type).toBe(false);
    }
    expect(isDownload(headers({ "content-type": "text/html", "content-disposition": 'inline; filename="a.html"' }))).toBe(false);
    expect(isDownload(headers({}))).toBe(false);
  });
});

describe("refusedPreviewAnswer", () => {
  it("refuses a redirect off the sandbox with a French page", async () => {
    const page = refusedPreviewAnswer(302, new Headers({ location: "https://evil.example/phish" }), at("/"));
    expect(page?.status).toBe(403);
    expect(await page!.text()).toContain("redirige vers https://evil.example/phish");
  });

  it("refuses a download with a French page that says how to look at the file", async () => {
    const page = refusedPreviewAnswer(200, new Headers({ "content-type": "application/octet-stream" }), at("/setup.exe"));
    expect(page?.status).toBe(403);
    expect(await page!.text()).toContain("curl -o fichier http://localhost:8080/setup.exe");
  });

  it("passes a page, and a redirect that stays inside", () => {
    expect(refusedPreviewAnswer(200, new Headers({ "content-type": "text/html" }), at("/"))).toBeNull();
    expect(refusedPreviewAnswer(302, new Headers({ location: "/login" }), at("/"))).toBeNull();
    // A Location outside a redirect only loses the header.
    expect(refusedPreviewAnswer(201, new Headers({ "content-type": "application/json", location: "https://example.com/x" }), at("/"))).toBeNull();
  });
});
