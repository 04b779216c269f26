import { describe, expect, it } from "vitest";
import { validateFiles } from "./validate.js";

const one = (dir: string, path: string, content = "x") => ({ dir, files: [{ path, content, encoding: "utf8" as const }] });

describe("validateFiles", () => {
  it("accepts a build context under the learner's home", () => {
    const r = validateFiles({ dir: "/root/dockerfile", files: [{ path: "Dockerfile", content: "FROM busybox", encoding: "utf8" }, { path: "src/app.go", content: "cGFja2FnZQ==", encoding: "base64" }] });
    expect(r.dir).toBe("/root/dockerfile");
    expect(r.files.map((f) => f.path)).toEqual(["Dockerfile", "src/app.go"]);
    expect(Buffer.from(r.files[1]!.content).toString()).toBe("package");
    expect(validateFiles(one("~/dockerfile", ".dockerignore")).dir).toBe("/root/dockerfile");
  });

  it.each([
    ["/etc", "passwd"],
    ["/root/../etc", "passwd"],
    ["/root/x", "../../etc/passwd"],
    ["/root/x", "/etc/passwd"],
    ["/root/x", "a//b"],
    ["/root/x", "a/./b"],
    ["/root/x", "bad\0name"],
    ["/root/x", "tab\tname"],
  ])("refuses dir %j with path %j in French", (dir, path) => {
    expect(() => validateFiles(one(dir, path))).toThrowError(expect.objectContaining({ status: 400, messageFr: expect.stringMatching(/^L/) }));
  });

  it("refuses duplicates and oversized content", () => {
    expect(() => validateFiles({ dir: "/root/x", files: [{ path: "a", content: "", encoding: "utf8" }, { path: "a", content: "", encoding: "utf8" }] })).toThrow("duplicate a");
    expect(() => validateFiles(one("/root/x", "big", "x".repeat(1024 * 1024 + 1)))).toThrow("big too large");
  });
});
