import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET, removeAllTestObjects, runner, type Api, type Runner } from "./harness.js";

let r: Runner & { api: Api };
let id: string;

beforeAll(async () => {
  removeAllTestObjects();
  r = await runner();
  id = (await r.api.sandbox("learner-workbench")).id;
  await r.api.call("PUT", `/v1/sandboxes/${id}/files`, {
    dir: "/root/site",
    files: [
      { path: "Dockerfile", content: "FROM nginx\nCOPY index.html /usr/share/nginx/html/index.html\nENV QUAI=1\n" },
      { path: "index.html", content: "<h1>Bonjour depuis mon conteneur</h1>\n" },
    ],
  });
  // BuildKit keeps the base it pulls to itself: pull it so that it is an image of the sandbox too.
  const build = await r.api.exec(id, "docker pull -q nginx && cd /root/site && docker build -q -t mon-site:1 . && docker run -d --name web -p 8080:80 mon-site:1", 180_000);
  if (build.exitCode !== 0) throw new Error(`setup failed: ${build.stderr}`);
}, 300_000);

afterAll(async () => {
  await r?.stop();
  removeAllTestObjects();
});

describe("what the workbench shows of a sandbox", () => {
  it("lists the ports published inside the sandbox", async () => {
    const { json } = await r.api.call("GET", `/v1/sandboxes/${id}/ports`);
    expect(json.ports).toEqual([{ container: "web", image: "mon-site:1", port: 8080, containerPort: 80, protocol: "tcp" }]);
  });

  it("serves a published port through the preview proxy, and only published ports", async () => {
    const get = (path: string) => fetch(`${r.api.base}/v1/sandboxes/${id}${path}`, { headers: { authorization: `Bearer ${SECRET}` } });
    const page = await get("/preview/8080/");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("<h1>Bonjour depuis mon conteneur</h1>\n");
    const missing = await get("/preview/8080/absente.html");
    expect(missing.status).toBe(404); // nginx's own 404, through the proxy
    const unpublished = await get("/preview/2375/");
    expect(unpublished.status).toBe(404);
    expect(await unpublished.text()).toContain("Aucun conteneur ne publie le port 2375");
    expect((await fetch(`${r.api.base}/v1/sandboxes/${id}/preview/8080/`)).status).toBe(401);
  });

  it("lists images and shows the layers an image shares with its base", async () => {
    const { json: list } = await r.api.call("GET", `/v1/sandboxes/${id}/images`);
    expect(list.images.map((i: { repository: string }) => i.repository)).toEqual(expect.arrayContaining(["mon-site", "nginx"]));
    const mine = (await r.api.call("GET", `/v1/sandboxes/${id}/layers?image=mon-site:1`)).json;
    const base = (await r.api.call("GET", `/v1/sandboxes/${id}/layers?image=nginx`)).json;
    const mineLayers = mine.layers.filter((l: { diffId: string | null }) => l.diffId);
    const baseLayers = base.layers.filter((l: { diffId: string | null }) => l.diffId);
    expect(mineLayers.length).toBe(baseLayers.length + 1);
    expect(mineLayers.slice(0, baseLayers.length).map((l: { diffId: string }) => l.diffId)).toEqual(baseLayers.map((l: { diffId: string }) => l.diffId));
    const top = mine.layers.at(-1);
    expect(top).toMatchObject({ diffId: null, instruction: "ENV QUAI=1" });
    const copy = mineLayers.at(-1);
    expect(copy.instruction).toBe("COPY index.html /usr/share/nginx/html/index.html");
    expect(copy.size).toBeGreaterThan(30);
  });

  it("shows a container's changes as added, changed and deleted paths", async () => {
    await r.api.exec(id, "docker exec web sh -c 'echo x > /tmp/ajout && rm /usr/share/nginx/html/50x.html'");
    const { json } = await r.api.call("GET", `/v1/sandboxes/${id}/diff?container=web`);
    expect(json.changes).toEqual(expect.arrayContaining([{ kind: "A", path: "/tmp/ajout" }, { kind: "D", path: "/usr/share/nginx/html/50x.html" }, { kind: "C", path: "/tmp" }]));
  });

  it("answers clearly for unknown images and bad references", async () => {
    const missing = await r.api.call("GET", `/v1/sandboxes/${id}/layers?image=absente:1`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain("introuvable");
    const bad = await r.api.call("GET", `/v1/sandboxes/${id}/layers?image=${encodeURIComponent("x; rm -rf /")}`);
    expect(bad.status).toBe(400);
  });
});
