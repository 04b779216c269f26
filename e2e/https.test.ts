import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMPT, launchBrowser, learnerContext, terminalText, typeCommand, waitForTerminal, watchPage } from "./support/browser";
import { INSTANCE, LOG_DIR, ROOT, RUNNER_PORT, SITE_PORT, removeE2eObjects, startRunner, startSite, waitFor, type Service, type Site } from "./support/servers";

/**
 * Quai behind Caddy over HTTPS, as deploy/caddy/Caddyfile sets it up for a
 * closed classroom (`tls internal`): Caddy's own authority signs the
 * certificate, and the test browser trusts that authority (added to its
 * certificate store), with certificate errors NOT ignored. A learner opens
 * a chapter at https://localhost, gets a secure cookie, and types in a
 * terminal whose socket goes through the proxy.
 */
const instance = `${INSTANCE}-tls`;
const ports = { runner: RUNNER_PORT + 5, site: SITE_PORT + 5 };
const HTTPS_PORT = SITE_PORT + 6;
const HTTP_PORT = SITE_PORT + 7;
const ORIGIN = `https://localhost:${HTTPS_PORT}`;
const TERM = "premiers-pas-1";

let dir: string;
let caddy: ChildProcess | undefined;
let caddyLog = "";
let runner: Service | undefined;
let site: Site | undefined;
let browser: Browser | undefined;
let page: Page;
let watched: ReturnType<typeof watchPage>;
/** Requests that failed or were refused, to say why when a test fails. */
const failed: string[] = [];
/** Where `failed` stood when the page was last navigated: what went wrong since belongs to this load. */
let loadStart = 0;

/**
 * page.goto, again when Chromium aborts it because Docker changed the
 * host's network interfaces meanwhile (it does whenever a runner creates a
 * sandbox network on this machine): the browser's doing, not the proxy's.
 * Playwright says so in the error, or only that the navigation was
 * « interrupted by another navigation to chrome-error:// »: then Chromium's
 * error page says why (CI pre-checks, twice), and a failure names it.
 */
async function goto(p: Page, url: string) {
  for (let attempt = 1; ; attempt++) {
    loadStart = failed.length;
    try {
      return await p.goto(url);
    } catch (error) {
      const message = (error as Error).message;
      // Chromium's error page names the error (its request's failure event may come later, or not at all).
      const errorPage = /chrome-error:\/\//.test(message) ? await errorPageText(p) : null;
      const named = errorPage === null ? undefined : /ERR_[A-Z_]+/.exec(errorPage)?.[0];
      // An error page that names no error (or could not be read) gets the benefit of the doubt: a real refusal comes back on every try.
      const networkChanged = /ERR_NETWORK_CHANGED/.test(message) || (errorPage !== null && (named === undefined || named === "ERR_NETWORK_CHANGED"));
      if (attempt >= 3 || !networkChanged) throw new Error(`${message}${named ? ` (Chromium's error page: ${named})` : ""}`, { cause: error });
    }
  }
}

/** Chromium's error page, once it is there (read while it is still loading, it throws). */
async function errorPageText(p: Page): Promise<string> {
  for (let i = 0; i < 20; i++) {
    try {
      return await p.content();
    } catch {
      await p.waitForTimeout(100);
    }
  }
  return "";
}

/** The shipped configuration's `(quai)` block, pointed at the test's site. */
function shippedSnippet(): string {
  const text = readFileSync(path.join(ROOT, "deploy/caddy/Caddyfile"), "utf8");
  const snippet = /^\(quai\) \{\n[^]*?\n\}$/m.exec(text)?.[0];
  if (!snippet) throw new Error("deploy/caddy/Caddyfile has no (quai) snippet");
  return snippet.replace("127.0.0.1:3000", `127.0.0.1:${ports.site}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "quai-e2e-https-"));
  removeE2eObjects(instance);
  runner = startRunner(ports, 0, { instance, maxSandboxes: 2, origins: [ORIGIN] });
  site = startSite(ports, { QUAI_TRUST_PROXY: "true" });

  const caddyfile = path.join(dir, "Caddyfile");
  writeFileSync(
    caddyfile,
    `{
  admin off
  http_port ${HTTP_PORT}
  https_port ${HTTPS_PORT}
  storage file_system ${path.join(dir, "caddy")}
  skip_install_trust
}

${shippedSnippet()}

localhost:${HTTPS_PORT} {
  tls internal
  import quai
}
`,
  );
  caddy = spawn("caddy", ["run", "--config", caddyfile, "--adapter", "caddyfile"], { env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, "data"), XDG_CONFIG_HOME: path.join(dir, "config") }, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => (caddyLog = (caddyLog + chunk.toString()).slice(-20_000));
  caddy.stdout!.on("data", keep);
  caddy.stderr!.on("data", keep);

  await waitFor(`http://127.0.0.1:${ports.runner}/healthz`, runner, "the sandbox runner", 120_000);
  await waitFor(`http://127.0.0.1:${ports.site}/`, site, "the site", 60_000);
  const root = path.join(dir, "caddy/pki/authorities/local/root.crt");
  for (let i = 0; i < 300 && !existsSync(root); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(root)) throw new Error(`Caddy made no authority in 30 s:\n${caddyLog}`);

  // The browser's own certificate store, holding Caddy's authority and nothing else.
  const home = path.join(dir, "browser-home");
  const nssdb = path.join(home, ".pki/nssdb");
  mkdirSync(nssdb, { recursive: true });
  execFileSync("certutil", ["-d", `sql:${nssdb}`, "-N", "--empty-password"]);
  execFileSync("certutil", ["-d", `sql:${nssdb}`, "-A", "-t", "C,,", "-n", "quai-e2e-caddy", "-i", root]);
  browser = await launchBrowser({ home });
  const context = await learnerContext(browser, ORIGIN);
  page = await context.newPage();
  watched = watchPage(page);
  page.on("requestfailed", (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? "?"}`));
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.request().method()} ${r.url()}: HTTP ${r.status()}`);
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  caddy?.kill("SIGTERM");
  // Beside the runner's and the site's logs, to read after a failure.
  mkdirSync(LOG_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(LOG_DIR, `caddy-${HTTPS_PORT}.log`), caddyLog, { mode: 0o600 });
  await Promise.all([site?.stop(), runner?.stop()]);
  removeE2eObjects(instance);
  rmSync(dir, { recursive: true, force: true });
});

describe("Quai behind Caddy over HTTPS", () => {
  it("serves the chapter over a certificate the browser trusts, with a secure learner cookie", async () => {
    const response = await goto(page, "/cours/premiers-pas");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).protocol).toBe("https:");
    const cookie = (await page.context().cookies()).find((c) => c.name === "quai_learner");
    expect(cookie?.secure).toBe(true);
    expect(cookie?.httpOnly).toBe(true);
  });

  it("opens a terminal through the proxy and runs what the learner types", async () => {
    // A page whose scripts or API calls Chromium aborted on a host network
    // change (see goto) is loaded again, as a learner would; any other
    // failure fails the test.
    // Counted from the page's last load: its scripts may have been aborted in the test before.
    for (let attempt = 1; ; attempt++) {
      try {
        await waitForTerminal(page, TERM, PROMPT, 45_000);
        break;
      } catch (error) {
        const aborted = failed.slice(loadStart).some((f) => f.endsWith("net::ERR_NETWORK_CHANGED"));
        if (attempt >= 3 || !aborted) throw new Error(`${(error as Error).message}\nfailed requests:\n${failed.join("\n")}\npage errors:\n${watched.errors.join("\n")}`, { cause: error });
        await goto(page, "/cours/premiers-pas");
      }
    }
    await typeCommand(page, TERM, "echo via-https-$((6 * 7))");
    await waitForTerminal(page, TERM, /via-https-42\n/);
    expect(await terminalText(page, TERM)).toContain("via-https-42");
    expect(watched.errors.filter((e) => !/ERR_NETWORK_CHANGED/.test(e)).join("\n")).toBe("");
  });

  it("refuses the page to a browser that does not trust the classroom's authority", async () => {
    const stranger = await launchBrowser({ home: mkdtempSync(path.join(dir, "stranger-")) });
    try {
      const other = await (await learnerContext(stranger, ORIGIN)).newPage();
      await expect(goto(other, "/")).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await stranger.close();
    }
  });
});
