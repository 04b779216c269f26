import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EditorFilesModel } from "./editor-files-model";

// The site API is what is faked here; what the model sends is the point.
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
let puts: Array<{ files: Array<{ path: string }>; removed: string[] }>;
let sandboxAnswers: boolean[];

beforeEach(() => {
  puts = [];
  sandboxAnswers = [];
  vi.stubGlobal("fetch", async (_url: string, init?: RequestInit) => {
    if (init?.method !== "PUT") return json(200, { files: [{ path: "site/.dockerignore", content: "" }, { path: "site/Dockerfile", content: "FROM nginx" }] });
    const body = JSON.parse(String(init.body));
    puts.push(body);
    const synced = sandboxAnswers.shift() ?? true;
    return json(200, { files: body.files, synced, ...(synced ? {} : { syncError: "Le service des bacs à sable ne répond pas." }) });
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("EditorFilesModel", () => {
  it("keeps asking the sandbox to remove a renamed file until a save reaches it", async () => {
    const model = new EditorFilesModel("dockerfile", () => "aaaaaaaaaaaa");
    await model.load();
    sandboxAnswers = [false, true, true];
    expect(model.rename("site/.dockerignore", "site/notes.txt")).toBeNull();
    await model.flush();
    expect(puts[0]!.removed).toEqual(["site/.dockerignore"]);
    expect(model.getSnapshot().syncError).toBe("Le service des bacs à sable ne répond pas.");

    model.update("site/Dockerfile", "FROM nginx:1.27");
    await model.flush();
    expect(puts[1]!.removed).toEqual(["site/.dockerignore"]); // the sandbox did not get it the first time

    model.update("site/Dockerfile", "FROM nginx:1.28");
    await model.flush();
    expect(puts[2]!.removed).toEqual([]); // it did the second time
  });

  it("does not remove a path the learner created again", async () => {
    const model = new EditorFilesModel("dockerfile", () => "aaaaaaaaaaaa");
    await model.load();
    sandboxAnswers = [false, true];
    model.remove("site/.dockerignore");
    await model.flush();
    expect(model.create("site/.dockerignore")).toBeNull();
    await model.flush();
    expect(puts[1]!.removed).toEqual([]);
    expect(puts[1]!.files.map((f) => f.path)).toContain("site/.dockerignore");
  });
});
