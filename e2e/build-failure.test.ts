import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PROMPT, openLearnerPage, waitForTerminal } from "./support/browser";
import { pageCookie, postJson } from "./support/http";

/**
 * « Construire » on a Dockerfile that fails: the build job ends with a
 * non-zero exit, and the learner reads why, in the build log's alert.
 */
const TERM = "dockerfile-1";
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openLearnerPage(inject("siteUrl")));
  await page.goto("/cours/dockerfile");
  await waitForTerminal(page, TERM, PROMPT);
});

afterAll(async () => {
  await browser?.close();
});

const editor = () => page.locator("#wb-panel-editor");

describe("a Dockerfile that does not build", () => {
  it("ends « Construire » with the failure, what it means in French and BuildKit's own line, typed by the learner in the editor", async () => {
    await page.getByRole("tab", { name: "Éditeur" }).click();
    const files = editor().getByRole("navigation", { name: "Fichiers du contexte de build" });
    await files.getByRole("button", { name: "Nouveau fichier" }).click();
    const name = files.getByLabel("Nom du nouveau fichier");
    await name.fill("casse/Dockerfile");
    await name.press("Enter");
    await files.getByRole("button", { name: "Dockerfile", exact: true }).waitFor();
    await editor().locator(".monaco-editor .view-lines").click();
    await page.keyboard.type("FROM nginx:latest\nRUN echo avant-echec && exit 3\n");
    await editor().locator(".monaco-editor .view-lines").getByText("RUN echo avant-echec && exit 3").waitFor();
    expect(await editor().getByLabel("Nom de l'image (tag)").inputValue()).toBe("casse:1.0");
    await editor().getByRole("button", { name: "Construire" }).click();
    const log = page.getByRole("region", { name: "Journal de construction" });
    await log.getByText("La construction a échoué").waitFor({ timeout: 120_000 });
    const alert = log.getByRole("alert");
    expect(await alert.locator("p").first().textContent()).toBe(
      "La commande RUN « echo avant-echec && exit 3 » a échoué (code de sortie 3) : ses dernières lignes, dans le journal ci-dessus, disent pourquoi.",
    );
    expect(await alert.locator('p[lang="en"]').textContent()).toBe('process "/bin/sh -c echo avant-echec && exit 3" did not complete successfully: exit code: 3');
    expect(await page.getByTestId("build-log").textContent()).toMatch(/avant-echec/);
    // The failed job is over: « Construire » is offered again.
    expect(await editor().getByRole("button", { name: "Construire" }).isDisabled()).toBe(false);
  });

  it("refuses, in French, a build job asked by script: no cookie, another origin, another learner's sandbox, a bad request", async () => {
    const site = inject("siteUrl");
    const cookie = (await page.context().cookies()).filter((c) => c.name === "quai_learner").map((c) => `${c.name}=${c.value}`)[0]!;
    const own = await postJson(site, "/api/sandbox", { cookie });
    expect(own.status).toBe(200);
    const sandboxId = own.json.sandboxId as string;
    const path = `/api/sandbox/${sandboxId}/jobs`;
    const build = { kind: "build", chapter: "dockerfile", dockerfile: "casse/Dockerfile", tag: "casse:2.0" };

    const noCookie = await postJson(site, path, { body: build });
    expect(noCookie.status).toBe(401);
    const elsewhere = await postJson(site, path, { cookie, origin: "http://evil.example", body: build });
    expect(elsewhere).toMatchObject({ status: 403, json: { error: { message: "Cette requête ne vient pas du site Quai." } } });
    const someoneElse = await postJson(site, path, { cookie: await pageCookie(site), body: build });
    expect(someoneElse).toMatchObject({ status: 403, json: { error: { message: "Ce bac à sable n'est pas le vôtre." } } });
    for (const bad of [{ ...build, tag: "--output=/root" }, { ...build, dockerfile: "../../etc/Dockerfile" }, { kind: "shell", command: "id" }]) {
      const refused = await postJson(site, path, { cookie, body: bad });
      expect(refused).toMatchObject({ status: 400, json: { error: { message: "Cette construction n'est pas valide : vérifiez le Dockerfile choisi et le nom de l'image." } } });
    }
    const unknownChapter = await postJson(site, path, { cookie, body: { ...build, chapter: "nulle-part" } });
    expect(unknownChapter.status).toBe(404);
  });
});
