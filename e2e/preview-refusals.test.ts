import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pageCookie, postJson, removeSandboxes, runnerCall } from "./support/http";

/**
 * What the preview will not pass on from a learner's container, against the
 * e2e site and runner: an nginx in a real sandbox that redirects off the
 * sandbox, and serves files to download.
 */
const site = () => inject("siteUrl");
const NGINX_CONF = `server {
  listen 80;
  location = /ailleurs { return 302 https://example.com/hameconnage; }
  location = /dedans { return 302 /index.html; }
  location = /rapport { default_type text/plain; add_header Content-Disposition 'attachment; filename="rapport.txt"'; return 200 "contenu\\n"; }
  location = /outil.exe { default_type application/octet-stream; return 200 "MZ"; }
  location / { root /usr/share/nginx/html; }
}
`;
let sandboxId: string;
let preview: string;

beforeAll(async () => {
  const cookie = await pageCookie(site());
  const session = await postJson(site(), "/api/sandbox", { cookie });
  expect(session.status).toBe(200);
  sandboxId = (session.json as { sandboxId: string }).sandboxId;
  const command = `mkdir -p /root/apercu && cat > /root/apercu/default.conf <<'EOF'\n${NGINX_CONF}EOF\ndocker run -d --name apercu -p 8080:80 -v /root/apercu/default.conf:/etc/nginx/conf.d/default.conf:ro nginx:latest`;
  const ran = (await (await runnerCall("POST", `/v1/sandboxes/${sandboxId}/exec`, { command, timeoutMs: 90_000 })).json()) as { exitCode: number; stderr: string };
  expect(ran.exitCode, ran.stderr).toBe(0);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { ports } = (await (await fetch(`${site()}/api/sandbox/${sandboxId}/ports`, { headers: { cookie } })).json()) as { ports: Array<{ port: number; previewPath: string | null }> };
    const published = ports.find((p) => p.port === 8080)?.previewPath;
    if (published && (await fetch(`${site()}${published}`)).status === 200) {
      preview = `${site()}${published}`;
      break;
    }
    if (Date.now() > deadline) throw new Error(`port 8080 of sandbox ${sandboxId} never served its page through the preview`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);

afterAll(async () => {
  if (sandboxId) await removeSandboxes([sandboxId]);
});

const get = (path: string) => fetch(`${preview}${path}`, { redirect: "manual" });

describe("the preview", () => {
  it("refuses to follow a redirect off the sandbox, with a French page", async () => {
    const answer = await get("ailleurs");
    expect(answer.status).toBe(403);
    expect(answer.headers.get("location")).toBeNull();
    const page = await answer.text();
    expect(page).toContain("Redirection refusée");
    expect(page).toContain("redirige vers https://example.com/hameconnage");
  });

  it("keeps a redirect inside the sandbox, at the preview's address", async () => {
    const answer = await get("dedans");
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe(`${new URL(preview).pathname}index.html`);
  });

  it("serves no download on the site's address: neither an attachment nor a file a browser would save", async () => {
    for (const path of ["rapport", "outil.exe"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.headers.get("content-disposition"), path).toBeNull();
      expect(answer.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(await answer.text(), path).toContain("Téléchargement refusé");
    }
  });

  it("still shows the container's page, sandboxed, without allowing downloads", async () => {
    const answer = await get("");
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Welcome to nginx!");
    expect(answer.headers.get("content-security-policy")).toBe("sandbox allow-scripts allow-forms allow-popups allow-modals");
  });
});
