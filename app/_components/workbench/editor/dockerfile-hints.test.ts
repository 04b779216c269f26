import { readFileSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";
import { HINT_ANCHORS, dockerfileHints, instructionsOf } from "./dockerfile-hints";

const rules = (text: string) => dockerfileHints(text).map((h) => `${h.line}:${h.rule}`);

describe("dockerfileHints", () => {
  it("flags root, no HEALTHCHECK and a moving base on the course's first Dockerfile", () => {
    expect(rules("# commentaire\nFROM nginx:latest\nLABEL a=b\nCOPY . /usr/share/nginx/html/\n")).toEqual(["2:unpinned-base", "2:no-user", "2:no-healthcheck"]);
  });

  it("is quiet on the course's web-sain Dockerfile", () => {
    const text = `FROM alpine:3.20
WORKDIR /srv/www
COPY --chown=10001:10001 index.html .
USER 10001:10001
HEALTHCHECK --interval=5s --timeout=3s --start-period=3s --retries=3 \\
  CMD wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1
CMD ["httpd", "-f", "-p", "8080", "-h", "/srv/www"]`;
    expect(rules(text)).toEqual([]);
  });

  it("flags MAINTAINER, ADD used as COPY, apt-get update alone, an untagged base and USER root", () => {
    const text = `FROM debian
MAINTAINER Jean <jean@example.com>
ADD index.html /srv/
ADD rootfs.tar.gz /
ADD https://example.com/a.txt /a.txt
RUN apt-get update
RUN apt-get update \\
 && apt-get install -y curl
USER root
HEALTHCHECK CMD true`;
    expect(rules(text)).toEqual(["1:unpinned-base", "2:maintainer", "3:add-instead-of-copy", "6:apt-update-alone", "9:no-user"]);
  });

  it("judges USER and HEALTHCHECK on the final stage, and never flags a stage name or scratch", () => {
    const text = `FROM golang:1.24 AS build
USER 1000
HEALTHCHECK CMD true
FROM build AS test
FROM scratch
COPY --from=build /app /app
USER 10001
HEALTHCHECK NONE`;
    expect(rules(text)).toEqual([]);
  });

  it("joins continuation lines and skips comments inside them", () => {
    expect(instructionsOf("RUN a \\\n# note\n  && b\nCMD x").map((i) => [i.line, i.keyword, i.args])).toEqual([
      [1, "RUN", "a && b"],
      [4, "CMD", "x"],
    ]);
  });

  it("links to headings that exist in the Dockerfile chapter", () => {
    const markdown = readFileSync(path.join(process.cwd(), "content/chapters/08-dockerfile.md"), "utf8");
    const slugger = new GithubSlugger();
    const anchors = markdown
      .split("\n")
      .filter((l) => /^#{2,4} /.test(l))
      .map((l) => slugger.slug(l.replace(/^#+ /, "").replace(/`/g, "")));
    for (const anchor of Object.values(HINT_ANCHORS)) expect(anchors).toContain(anchor);
  });
});
