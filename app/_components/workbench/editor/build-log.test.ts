import { describe, expect, it } from "vitest";
import { BuildLogParser, CUT_MARK, appendCapped, buildFraction, parseBuildLog } from "./build-log";

// Recorded from the sandbox's engine (Docker 26, BuildKit), trimmed.
const SUCCESS = `#0 building with "default" instance using docker driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 72B done
#1 DONE 0.0s

#2 [internal] load metadata for docker.io/library/nginx:latest
#2 DONE 0.0s

#3 [internal] load .dockerignore
#3 transferring context: 2B done
#3 DONE 0.0s

#4 [1/3] FROM docker.io/library/nginx:latest@sha256:584dd92e871c4b6ff08e7014c19a5010bfc4a11cde7746b035ff0c08c17e8dec
#4 resolve docker.io/library/nginx:latest@sha256:584dd92e871c4b6ff08e7014c19a5010bfc4a11cde7746b035ff0c08c17e8dec done
#4 extracting sha256:343f2b568b968d13101e352200f9b1d78c8da219fe900dd7efa2c6ab06744263 2.1s done
#4 DONE 2.7s

#5 [internal] load build context
#5 transferring context: 285B done
#5 DONE 0.0s

#6 [2/3] RUN echo hi > /x
#6 CACHED

#7 [3/3] COPY . /usr/share/nginx/html/
#7 DONE 0.2s

#8 exporting to image
#8 exporting layers done
#8 writing image sha256:f187461b117a8b84397b81b81d3bc6c21048bf9a18824ead3bc718f38cdb5780 done
#8 naming to docker.io/library/t1 done
#8 DONE 0.0s
`.replace(/\n/g, "\r\n");

describe("parseBuildLog", () => {
  it("follows the Dockerfile's steps and finds the image id", () => {
    const p = parseBuildLog(SUCCESS);
    expect(p.total).toBe(3);
    expect(p.finished).toBe(3);
    expect(p.imageId).toBe("sha256:f187461b117a8b84397b81b81d3bc6c21048bf9a18824ead3bc718f38cdb5780");
    expect(p.error).toBeNull();
    expect(p.steps.filter((s) => s.index !== null).map((s) => [s.index, s.status, s.name])).toEqual([
      [1, "done", "[1/3] FROM docker.io/library/nginx:latest@sha256:584dd92e871c4b6ff08e7014c19a5010bfc4a11cde7746b035ff0c08c17e8dec"],
      [2, "cached", "[2/3] RUN echo hi > /x"],
      [3, "done", "[3/3] COPY . /usr/share/nginx/html/"],
    ]);
    expect(p.steps.find((s) => s.name === "exporting to image")?.status).toBe("done");
  });

  it("reports progress while a step runs", () => {
    const partial = SUCCESS.slice(0, SUCCESS.indexOf("#6 CACHED"));
    const p = parseBuildLog(partial);
    expect(p.steps.at(-1)).toMatchObject({ index: 2, status: "running" });
    expect(buildFraction(p, false)).toBeCloseTo(1 / 3);
    expect(buildFraction(p, true)).toBe(1);
  });

  it("keeps the first error", () => {
    const failed = `#5 [2/2] RUN false
#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
------
 > [2/2] RUN false:
------
Dockerfile:2
ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1
`;
    const p = parseBuildLog(failed);
    expect(p.steps[0]).toMatchObject({ index: 2, status: "error" });
    expect(p.error).toBe('process "/bin/sh -c false" did not complete successfully: exit code: 1');
    expect(p.finished).toBe(0);
  });

  it("names stages of a multi-stage build", () => {
    const p = parseBuildLog("#4 [build 1/4] FROM docker.io/library/golang:1.24\n#9 [stage-1 2/2] COPY --from=build /app /app\n");
    expect(p.steps.map((s) => s.index)).toEqual([1, 2]);
    expect(p.total).toBe(6);
  });
});

describe("BuildLogParser (incremental)", () => {
  it("gives the same result whatever the cuts between pieces, CRLF split included", () => {
    const whole = parseBuildLog(SUCCESS);
    for (const size of [1, 2, 7, 64, 333]) {
      const parser = new BuildLogParser();
      for (let at = 0; at < SUCCESS.length; at += size) parser.push(SUCCESS.slice(at, at + size));
      expect(parser.end().progress).toEqual(whole);
    }
  });

  it("reads a cut line only once it is complete", () => {
    const parser = new BuildLogParser().push("#6 [2/3] RUN echo hi > /x\r\n#6 CAC");
    expect(parser.progress.steps[0]).toMatchObject({ index: 2, status: "running" });
    parser.push("HED\r\n");
    expect(parser.progress.steps[0]).toMatchObject({ index: 2, status: "cached" });
  });

  it("hands out snapshots that later lines do not change", () => {
    const parser = new BuildLogParser().push("#6 [2/3] RUN echo hi > /x\n");
    const before = parser.progress;
    parser.push("#6 DONE 0.4s\n");
    expect(before.steps[0]!.status).toBe("running");
    expect(parser.progress.steps[0]).toMatchObject({ status: "done", seconds: 0.4 });
  });

  it("reads each new piece, not the log again: 20 000 steps in linear time", () => {
    const parser = new BuildLogParser();
    const started = performance.now();
    for (let i = 1; i <= 20_000; i++) parser.push(`#${i} [internal] load step ${i}\n#${i} DONE 0.0s\n`);
    expect(parser.progress.steps).toHaveLength(20_000);
    // Re-reading the whole log at each piece would take minutes here.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("appendCapped", () => {
  it("keeps the log whole while small, then its last whole lines, marked as cut", () => {
    expect(appendCapped("a\n", "b\n", 100)).toBe("a\nb\n");
    let log = "";
    for (let i = 0; i < 5000; i++) log = appendCapped(log, `#5 ligne ${i}\n`, 10_000);
    expect(log.length).toBeLessThanOrEqual(10_000);
    expect(log.startsWith(CUT_MARK)).toBe(true);
    expect(log.slice(CUT_MARK.length)).toMatch(/^#5 ligne \d+\n/);
    expect(log.endsWith("#5 ligne 4999\n")).toBe(true);
  });
});
